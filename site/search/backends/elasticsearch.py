"""Elasticsearch 8 backend with Arabic as the default analyzer.

Indexed text is already folded by participation.core.search; Elasticsearch's own Arabic
analyzer then adds stop words and light stemming on top.
"""
from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend
from modelsearch.utils import deep_update

ARABIC_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "decimal_digit", "arabic_normalization", "arabic_stem"],
                }
            }
        }
    }
}


class ArabicElasticsearchBackend(Elasticsearch8SearchBackend):
    def __init__(self, params):
        params = dict(params)
        params["INDEX_SETTINGS"] = deep_update(dict(ARABIC_INDEX_SETTINGS), params.get("INDEX_SETTINGS", {}))
        super().__init__(params)


SearchBackend = ArabicElasticsearchBackend
