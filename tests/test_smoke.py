from tests.conftest import World


def test_teacher_sees_own_student_by_api(world: World) -> None:
    c = world.client("teacher")
    r = c.get(f"/api/v1/students/{world.own_student.pk}", **world.api("teacher"))
    assert r.status_code == 200, r.content
    assert r.json()["given_name"] == "Ana"
