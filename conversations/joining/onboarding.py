"""Joining by invite: consent first, then language, then the intake.

```mermaid
stateDiagram-v2
    [*] --> consent: /start <token>
    consent --> [*]: decline (nothing kept)
    consent --> language: agree (invite used or counted, person created)
    language --> intake: nl / en
```
"""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import JOINING, FlowState, end
from conversations.core.menus import menu_replies
from conversations.core.records import Conversation
from conversations.core.types import Button, Msg, Reply
from conversations.joining import intake
from conversations.joining import second_invite as joining
from conversations.joining.flow_states import OnboardingData, OnboardingStep
from conversations.joining.invites import invite_problem, lookup

NAME = "onboarding"
STATE = FlowState[OnboardingData, OnboardingStep]()
LANGUAGES = ("nl", "en")


async def start_with_invite(ctx: Context, token: str) -> list[Reply]:
    invite = await lookup(ctx, token)
    problem = invite_problem(invite, ctx.clock.now())
    if ctx.is_admin:
        # "It stays valid for someone else" only for an invite that does.
        return [Reply(problem or Msg.of("invite.admin_has_access")), *menu_replies(ctx)]
    if ctx.person is not None:
        return await joining.open_as_member(ctx, invite, problem)
    if invite is None or problem is not None:
        return [Reply(problem or Msg.of("invite.invalid"))]
    STATE.begin(ctx, NAME, "consent", {"invite": invite.id, "role": invite.role})
    return await ask(ctx)


def task_name(conv: Conversation) -> str:
    return JOINING


async def on_cancel(ctx: Context) -> list[Reply]:
    if STATE.step(ctx) == "consent":
        # Before the consent nothing is stored: stopping is saying no.
        return await on_choice(ctx, "decline")
    return [Reply(Msg.of("flow.joining_stays")), *await ask(ctx)]


async def ask(ctx: Context) -> list[Reply]:
    if STATE.step(ctx) == "language":
        return [language_question(ctx)]
    buttons = [
        [Button(Msg.of("consent.agree"), "agree")],
        [Button(Msg.of("consent.decline"), "decline")],
    ]
    # Each role reads what is stored about them and who sees it: an employer is not told
    # about benefits, a coach not about a coach.
    role = STATE.data(ctx).get("role", "candidate")
    return [Reply(Msg.of(f"consent.text.{role}"), buttons=buttons)]


def language_question(ctx: Context) -> Reply:
    # The language the chat app uses comes first: most people just tap it.
    first = ctx.locale if ctx.locale in LANGUAGES else LANGUAGES[0]
    order = [first, *(code for code in LANGUAGES if code != first)]
    return Reply(
        Msg.of("language.ask"),
        buttons=[[Button(Msg.of(f"language.{code}"), f"lang:{code}") for code in order]],
    )


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step = STATE.step(ctx)
    if step == "consent" and value == "decline":
        end(ctx)
        return [Reply(Msg.of("consent.declined"))]
    if step == "consent" and value == "agree":
        return await _agree(ctx)
    if step == "language" and value.removeprefix("lang:") in LANGUAGES:
        assert ctx.person is not None
        ctx.person.language = ctx.locale = value.removeprefix("lang:")
        await ctx.store.save_person(ctx.person)
        end(ctx)
        return intake.start(ctx, "onboarding")
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _agree(ctx: Context) -> list[Reply]:
    invite = await ctx.store.invite(int(STATE.data(ctx)["invite"]))
    now = ctx.clock.now()
    # The invite may have been used, used up or expired while the consent text was open.
    problem = invite_problem(invite, now)
    if invite is None or problem:
        end(ctx)
        return [Reply(problem or Msg.of("invite.invalid"))]
    # Counted before the person is made: one statement checks the limit and counts the use.
    if not await ctx.store.use_invite(invite.id, None, now):
        end(ctx)
        again = invite_problem(await ctx.store.invite(invite.id), now)
        return [Reply(again or Msg.of("invite.used"))]
    ctx.person = await ctx.store.create_person(
        chat_key=ctx.chat_key,
        role=invite.role,
        language=None,
        programme=invite.programme,
        invited_by=invite.created_by,
        consent_at=now,
        now=now,
    )
    await ctx.store.note_invite_user(invite.id, ctx.person.id)
    if invite.programme_id is not None:
        await ctx.store.add_member(invite.programme_id, ctx.person.id, now)
    STATE.set_step(ctx, "language")
    return [Reply(Msg.of("consent.thanks")), language_question(ctx)]
