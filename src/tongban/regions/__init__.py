"""行政区划 (GB/T 2260 divisions), organisations (部门/机构) and service halls with windows."""
