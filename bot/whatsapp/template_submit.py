"""`liftbot whatsapp templates`: list the templates LiftBot needs, and with --submit hand
them to Meta for approval through the Cloud API (POST /<WABA id>/message_templates). Each
template is submitted on its own; one Meta refuses (already there, a text it dislikes) is
reported and the rest go on. The token is sent in a header only and never printed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import aiohttp

from bot.config import SUPPORTED_LOCALES, Settings
from bot.i18n import Translator
from bot.whatsapp.templates import Template, Templates

# One template at a time is plenty: there are tens, and Meta limits template creation.
TIMEOUT = aiohttp.ClientTimeout(total=30)


@dataclass(frozen=True)
class Submitted:
    template: Template
    accepted: bool
    # Meta's status for an accepted one (PENDING, APPROVED), or why it was refused.
    status: str


async def submit(
    templates: Sequence[Template], api_url: str, account_id: str, token: str
) -> list[Submitted]:
    url = f"{api_url.rstrip('/')}/{account_id}/message_templates"
    headers = {"Authorization": f"Bearer {token}"}
    results: list[Submitted] = []
    async with aiohttp.ClientSession(timeout=TIMEOUT, headers=headers) as session:
        for template in templates:
            results.append(await _one(session, url, template))
    return results


async def _one(session: aiohttp.ClientSession, url: str, template: Template) -> Submitted:
    try:
        async with session.post(url, json=template.submission()) as response:
            body = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return Submitted(template, False, f"no answer ({type(exc).__name__})")
    if not isinstance(body, dict):
        return Submitted(template, False, f"HTTP {response.status}")
    error = body.get("error")
    if response.status >= 400 or isinstance(error, dict):
        said = error if isinstance(error, dict) else {}
        why = said.get("error_user_msg") or said.get("message") or f"HTTP {response.status}"
        return Submitted(template, False, str(why))
    return Submitted(template, True, str(body.get("status", "PENDING")))


def listing(templates: Sequence[Template]) -> list[str]:
    """Name, category, language, the body with its parameter, the example and the button."""
    lines: list[str] = []
    for t in templates:
        lines += [
            f"{t.name}  {t.category}  {t.language}",
            f"    {t.body}",
            f"    {{{{1}}}} for example: {t.example}",
            f"    button: {t.button}",
            "",
        ]
    return lines


def templates_command(settings: Settings, send: bool, out: Callable[[str], None]) -> int:
    """The command itself; `out` prints a line. 0 when listed (and all accepted)."""
    templates = Templates(Translator(settings.zone, settings.locale), SUPPORTED_LOCALES).all()
    for line in listing(templates):
        out(line)
    if not send:
        out("Submit them for approval with: liftbot whatsapp templates --submit")
        return 0
    token = settings.whatsapp_token.get_secret_value() if settings.whatsapp_token else ""
    if not token or not settings.whatsapp_account_id:
        out("To submit, set LIFTBOT_WHATSAPP_TOKEN and LIFTBOT_WHATSAPP_ACCOUNT_ID.")
        return 2
    results = asyncio.run(
        submit(templates, settings.whatsapp_api_url, settings.whatsapp_account_id, token)
    )
    for result in results:
        t = result.template
        said = "submitted" if result.accepted else "refused"
        out(f"{t.name} ({t.language}): {said}: {result.status.replace(token, '***')}")
    accepted = sum(r.accepted for r in results)
    out(f"{accepted} of {len(results)} submitted. Meta reviews them; check WhatsApp Manager.")
    return 0 if accepted == len(results) else 1
