"""gecli — kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới dưới dạng dữ liệu."""

__version__ = "0.1.0"
