"""Shared test data."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "plans"

# A small valid plan; tests change one line at a time and assert where the problem is reported.
VALID_PLAN = """\
level: tỉnh
issuer:
  name: Ủy ban nhân dân tỉnh Kon Tum
document:
  number: "956"
  place: Kon Tum
  date: 24/3/2025
  title: Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới năm 2025
period: 2025
sections:
  - number: II.
    title: MỤC TIÊU, CHỈ TIÊU CỤ THỂ
    items:
      - title: "Mục tiêu 1: Trong lĩnh vực chính trị"
        items:
          - number: "-"
            targets:
              - indicator: "1.1"
                target: đạt 60%
                baseline: {value: "55%", year: 2024}
              - indicator: "2.1"
                target: lên đạt 50%
reporting:
  - to: Sở Nội vụ
    by: 15/12/2025
"""
