"""``GET /api/v1/communes?q=...``: communes of the region by name or postal code."""

from ninja import Query, Router, Schema
from pydantic import Field

from .search import MAX_LIMIT, search_communes

API_PREFIX = ""
router = Router(tags=["communes"])


class CommuneOut(Schema):
    code: str = Field(description="Code INSEE")
    name: str
    label: str = Field(description="Nom et département, ce que le champ commune accepte")
    postal_codes: list[str]
    department_code: str
    department_name: str
    population: int | None
    latitude: float | None
    longitude: float | None


class CommuneFilters(Schema):
    q: str = Field("", max_length=100, description="Nom (même partiel) ou code postal")
    limit: int = Field(10, ge=1, le=MAX_LIMIT)


@router.get("/communes", response=list[CommuneOut], url_name="communes")
def communes(request, filters: Query[CommuneFilters]):
    """Communes of the region matching ``q`` (at least 2 characters), best first."""
    return [
        CommuneOut(
            code=c.code,
            name=c.name,
            label=c.label,
            postal_codes=c.postal_codes,
            department_code=c.department_id,
            department_name=c.department.name,
            population=c.population,
            latitude=c.latitude,
            longitude=c.longitude,
        )
        for c in search_communes(filters.q, limit=filters.limit)
    ]
