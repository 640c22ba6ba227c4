"""What the WhatsApp Cloud API refuses in a message request, as /work/shared/WHATSAPP.md
lists it: each rule broken is one line. Used by the fake Cloud API (tests/fakecloudapi.py)
on every request LiftBot sends."""

from __future__ import annotations

from typing import Any

TOP = {"messaging_product", "recipient_type", "to", "type", "context", "biz_opaque_callback_data"}
KINDS = {"text", "interactive", "image", "document", "location", "template"}
# Document types WhatsApp takes (text/calendar is not among them).
DOCUMENT_TYPES = {
    "application/pdf",
    "text/plain",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
IMAGE_TYPES = {"image/jpeg", "image/png"}


def _keys(where: str, found: dict[str, Any], allowed: set[str]) -> list[str]:
    unknown = set(found) - allowed
    return [f"{where}: unknown fields {sorted(unknown)}"] if unknown else []


def _length(where: str, text: Any, low: int, high: int) -> list[str]:
    if not isinstance(text, str) or not low <= len(text) <= high:
        size = len(text) if isinstance(text, str) else None
        return [f"{where}: length {size} not in {low}..{high}"]
    return []


def check_message(body: dict[str, Any]) -> list[str]:
    problems = _keys("message", body, TOP | KINDS)
    if body.get("messaging_product") != "whatsapp":
        problems.append("messaging_product must be whatsapp")
    if not str(body.get("to", "")).isdigit():
        problems.append("to: not a WhatsApp id")
    kind = body.get("type")
    if kind not in KINDS or kind not in body:
        return [*problems, f"type {kind!r} unknown or its object missing"]
    content = body[kind]
    if kind == "text":
        problems += _keys("text", content, {"body", "preview_url"})
        problems += _length("text.body", content.get("body"), 1, 4096)
    elif kind == "interactive":
        problems += _interactive(content)
    elif kind in ("image", "document"):
        allowed = (
            {"id", "link", "caption", "filename"}
            if kind == "document"
            else {"id", "link", "caption"}
        )
        problems += _keys(kind, content, allowed)
        if "caption" in content:
            problems += _length(f"{kind}.caption", content["caption"], 1, 1024)
        if not content.get("id") and not content.get("link"):
            problems.append(f"{kind}: id or link required")
    elif kind == "template":
        problems += _template(content)
    elif kind == "location":
        problems += _keys("location", content, {"latitude", "longitude", "name", "address"})
    return problems


def _interactive(content: dict[str, Any]) -> list[str]:
    problems = _keys("interactive", content, {"type", "body", "action", "header", "footer"})
    body = content.get("body") or {}
    problems += _keys("interactive.body", body, {"text"})
    problems += _length("interactive.body.text", body.get("text"), 1, 1024)
    for part in ("header", "footer"):
        if part in content:
            problems += _length(f"interactive.{part}", content[part].get("text"), 1, 60)
    action = content.get("action") or {}
    if content.get("type") == "button":
        problems += _keys("action", action, {"buttons"})
        buttons = action.get("buttons") or []
        if not 1 <= len(buttons) <= 3:
            problems.append(f"buttons: {len(buttons)} not in 1..3")
        titles, ids = [], []
        for button in buttons:
            reply = button.get("reply") or {}
            problems += _keys("button", button, {"type", "reply"})
            problems += _keys("button.reply", reply, {"id", "title"})
            problems += _length("button title", reply.get("title"), 1, 20)
            problems += _length("button id", reply.get("id"), 1, 256)
            titles.append(reply.get("title"))
            ids.append(reply.get("id"))
        problems += _unique("button", titles, ids)
    elif content.get("type") == "list":
        problems += _keys("action", action, {"button", "sections"})
        problems += _length("list button", action.get("button"), 1, 20)
        sections = action.get("sections") or []
        if not 1 <= len(sections) <= 10:
            problems.append(f"sections: {len(sections)} not in 1..10")
        rows = [row for section in sections for row in section.get("rows", [])]
        if not 1 <= len(rows) <= 10:
            problems.append(f"rows: {len(rows)} not in 1..10")
        for section in sections:
            problems += _keys("section", section, {"title", "rows"})
            if "title" in section or len(sections) > 1:
                problems += _length("section title", section.get("title"), 1, 24)
        for row in rows:
            problems += _keys("row", row, {"id", "title", "description"})
            problems += _length("row title", row.get("title"), 1, 24)
            problems += _length("row id", row.get("id"), 1, 200)
            if "description" in row:
                problems += _length("row description", row["description"], 1, 72)
        problems += _unique("row", [r.get("title") for r in rows], [r.get("id") for r in rows])
    else:
        problems.append(f"interactive type {content.get('type')!r} not expected")
    return problems


def _template(content: dict[str, Any]) -> list[str]:
    """An approved template by name and language, its {{1}} and its quick-reply payload."""
    problems = _keys("template", content, {"name", "language", "components"})
    name = content.get("name")
    if not isinstance(name, str) or not name.replace("_", "").isalnum() or name != name.lower():
        problems.append(f"template name {name!r}: lowercase letters, digits and _ only")
    if not isinstance((content.get("language") or {}).get("code"), str):
        problems.append("template.language.code required")
    for component in content.get("components") or []:
        problems += _keys("component", component, {"type", "sub_type", "index", "parameters"})
        for parameter in component.get("parameters") or []:
            if parameter.get("type") == "text":
                # Meta refuses new lines, tabs and more than four spaces in a parameter.
                text = parameter.get("text")
                problems += _length("template parameter", text, 1, 1024)
                if isinstance(text, str) and ("\n" in text or "\t" in text or "     " in text):
                    problems.append("template parameter: no new lines, tabs or 5 spaces")
            elif parameter.get("type") == "payload":
                problems += _length("quick reply payload", parameter.get("payload"), 1, 128)
    return problems


def _unique(what: str, titles: list[Any], ids: list[Any]) -> list[str]:
    problems = []
    if len(set(titles)) != len(titles):
        problems.append(f"{what} titles not unique: {titles}")
    if len(set(ids)) != len(ids):
        problems.append(f"{what} ids not unique")
    return problems


def check_upload(mime: str, size: int) -> list[str]:
    if mime in IMAGE_TYPES:
        return [] if size <= 5 * 1024 * 1024 else ["image over 5 MB"]
    if mime in DOCUMENT_TYPES:
        return [] if size <= 100 * 1024 * 1024 else ["document over 100 MB"]
    return [f"Param file must be a file with one of the following types (got {mime})"]
