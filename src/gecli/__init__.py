"""gecli — kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới dưới dạng dữ liệu."""

__version__ = "0.1.0"
# The project's page, as in pyproject.toml's [project.urls] (a SARIF log's informationUri).
HOMEPAGE = "https://github.com/gecli/gecli"
