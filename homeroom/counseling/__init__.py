"""Counseling: caseloads now; notes, plans and referrals as the counseling issue lands."""
