"""信息公开 index numbers (索引号) of the published pages: the publisher's code, the
category, the year of publication and the page's own key, e.g. ``540000-04-2026-00017``.
They are derived from the data, so the same page always carries the same number."""

import datetime

CATEGORIES = {
    "catalogue": "01",  # 事项目录与实施清单
    "list": "02",  # 专项清单
    "halls": "03",  # 服务场所
    "results": "04",  # 办件结果公示
    "figures": "05",  # 统计数据
}


def index_number(
    *, publisher: str, category: str, published: datetime.date, key: str | int
) -> str:
    return f"{publisher}-{CATEGORIES[category]}-{published:%Y}-{str(key)[-8:]:0>5}"
