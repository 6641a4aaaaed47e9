"""School endpoints."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from homeroom.api_schema import responses
from homeroom.districts.selectors import schools_for

router = Router(tags=["schools"])


class SchoolOut(Schema):
    code: str
    name: str
    county_district_code: str
    district: str
    level: str
    low_grade: str
    high_grade: str


class SchoolList(Schema):
    items: list[SchoolOut]
    count: int


@router.get("/schools", response=responses({200: SchoolList}), summary="Schools the caller may see")
def list_schools(request: HttpRequest) -> dict[str, Any]:
    items = [
        {
            "code": s.code,
            "name": s.name,
            "county_district_code": s.district.cds_code,
            "district": s.district.name,
            "level": s.level,
            "low_grade": s.low_grade,
            "high_grade": s.high_grade,
        }
        for s in schools_for(request.user)
    ]
    return {"items": items, "count": len(items)}
