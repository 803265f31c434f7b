"""Reading an import file: CSV (sniffed delimiter and encoding) or JSON / GeoJSON, into rows."""

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .columns import HEADER_ALIASES, normalise_header

MAX_FILE_SIZE = 20 * 1024 * 1024
_BAD_CHARS = re.compile(r"[\x00\ud800-\udfff]")


class FileError(Exception):
    """The file cannot be read at all (reported as a fatal error of the run)."""


def _decode(raw: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig",):
        try:
            return raw.decode(encoding), "UTF-8"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def _sniff_delimiter(text: str) -> str:
    lines = text.splitlines()
    first = lines[0] if lines else ""
    counts = {}
    for delim in (",", ";", "\t"):
        try:
            counts[delim] = sum(len(r) - 1 for r in csv.reader([first], delimiter=delim))
        except csv.Error:
            counts[delim] = 0
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) > 1000:
        value = int(value)
    return _BAD_CHARS.sub("", str(value)).strip()


@dataclass
class ParsedFile:
    format: str
    headers: dict[str, str]  # original column -> field
    unknown_columns: list[str]
    rows: list[tuple[int, dict]]  # (line number, {field: raw value}); raw is str or list


def _map_record(record: dict, headers: dict[str, str], unknown: list[str]) -> dict:
    out: dict = {}
    for column, value in record.items():
        if isinstance(value, dict):  # nested object (adresse, localisation, contact...)
            out.update(_map_record(value, headers, unknown))
            continue
        target = headers.get(column)
        if target is None:
            target = HEADER_ALIASES.get(normalise_header(column))
            headers[column] = target
            if target is None and column not in unknown:
                unknown.append(str(column))
        if target is None:
            continue
        if isinstance(value, list):
            value = [_clean(v) for v in value if not isinstance(v, (dict, list))]
        else:
            value = _clean(value)
        if target in out and out[target] and not value:
            continue
        out[target] = value
    return out


def parse_file(raw: bytes, file_name: str = "") -> ParsedFile:
    if not raw.strip():
        raise FileError("Le fichier est vide.")
    head = raw[:4096]
    if head.count(b"\x00") > max(2, len(head) // 100):  # a stray NUL in a cell is just removed
        raise FileError("Ce fichier n'est ni un CSV ni un JSON (fichier binaire).")
    text, encoding = _decode(raw)
    text = text.replace("\x00", "")
    stripped = text.lstrip()
    if file_name.lower().endswith((".json", ".geojson")) or stripped[:1] in ("[", "{"):
        return _parse_json(stripped, encoding)
    return _parse_csv(text, encoding)


def _parse_json(text: str, encoding: str) -> ParsedFile:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FileError(f"JSON illisible : {exc}") from exc
    fmt = f"JSON ({encoding})"
    items = data
    if isinstance(data, dict):
        if data.get("type") == "FeatureCollection":
            fmt = f"GeoJSON ({encoding})"
            items = []
            for feature in data.get("features") or []:
                if not isinstance(feature, dict):
                    items.append(feature)
                    continue
                props = dict(feature.get("properties") or {})
                geometry = feature.get("geometry") or {}
                coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
                if isinstance(coords, list) and len(coords) == 2 and "latitude" not in props:
                    props["longitude"], props["latitude"] = coords
                items.append(props)
        else:
            lists = [v for v in data.values() if isinstance(v, list)]
            items = lists[0] if lists else [data]
    if not isinstance(items, list):
        raise FileError("Le JSON doit contenir une liste de lieux.")
    headers: dict = {}
    unknown: list = []
    rows = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            rows.append((number, _map_record(item, headers, unknown)))
        else:
            rows.append((number, {"_invalid": "élément qui n'est pas un objet"}))
    return ParsedFile(fmt, {k: v for k, v in headers.items() if v}, unknown, rows)


def _parse_csv(text: str, encoding: str) -> ParsedFile:
    csv.field_size_limit(max(csv.field_size_limit(), 50 * 1024 * 1024))
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_row = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise FileError("Le fichier n'a pas de ligne d'en-tête.") from exc
    columns = [_clean(c) for c in header_row]
    headers = {c: HEADER_ALIASES.get(normalise_header(c)) for c in columns}
    unknown = [c for c in columns if headers[c] is None and c]
    rows = []
    previous_end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = previous_end + 1
            rows.append((line, {"_invalid": f"ligne illisible ({exc})"}))
            previous_end = reader.line_num
            continue
        line = previous_end + 1
        previous_end = reader.line_num
        if not cells:  # a blank line is not a row
            continue
        record: dict = {}
        extra = cells[len(columns):]
        for column, value in zip(columns, cells, strict=False):
            target = headers.get(column)
            if target and not (record.get(target) and not _clean(value)):
                record[target] = _clean(value)
        if any(_clean(v) for v in extra):
            record["_invalid"] = (
                f"la ligne a {len(cells)} colonnes alors que l'en-tête en a {len(columns)}"
            )
        elif len(cells) != len(columns):
            record["_cells"] = (len(cells), len(columns))
        rows.append((line, record))
    delim_name = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}[delimiter]
    return ParsedFile(
        f"CSV ({encoding}, {delim_name})", {c: t for c, t in headers.items() if t}, unknown, rows,
    )


def _read(file) -> tuple[bytes, str]:
    if isinstance(file, (str, Path)):
        path = Path(file)
        return path.read_bytes(), path.name
    if isinstance(file, bytes):
        return file, "fichier"
    name = Path(getattr(file, "name", "") or "fichier").name
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read()
    if isinstance(content, str):
        content = content.encode("utf-8")
    return content, name
