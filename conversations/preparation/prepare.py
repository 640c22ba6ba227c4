"""The In de Lift preparation: three short sessions, like the three preparation meetings.

Each session is a few tips (one message each, with a "Next" button) and one small
exercise the job seeker answers by typing. Progress lives in the database, one
PrepProgress per session, saved before every reply: /prepare picks up at the same tip,
also after a restart. Within a session, steps 0 .. tips-1 are the tips, step `tips` is
the exercise and step `tips + 1` means done.

```mermaid
stateDiagram-v2
    [*] --> tip: /prepare (first unfinished session, at its stored step)
    tip --> tip: next
    tip --> exercise: next after the last tip
    exercise --> exercise: too long, or no words
    exercise --> done: answer saved
    done --> tip: next session
    done --> overview: all three done
    overview --> tip: read a session again (answer kept, may be replaced)
    done --> [*]: stop
    overview --> [*]: stop
```
The conversation step is "session" (data: {"session": n}) or "overview".
"""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.records import Person, PrepProgress
from conversations.core.types import Button, Msg, Reply
from conversations.joining.fields import check_text
from conversations.preparation.flow_states import PrepareData, PrepareStep

NAME = "prepare"
STATE = FlowState[PrepareData, PrepareStep]()
# Tips per session, and the name its exercise answer is stored under.
TIPS: dict[int, int] = {1: 3, 2: 4, 3: 4}
EXERCISES: dict[int, str] = {1: "neighbour", 2: "skill", 3: "pitch"}
SESSIONS: tuple[int, ...] = tuple(TIPS)
ANSWER_MAX_LEN = 1000


async def start(ctx: Context) -> list[Reply]:
    """/prepare: go on where the person left off, or offer a review when all is done."""
    person = _candidate(ctx)
    if person is None:
        return [Reply(Msg.of("prepare.only_candidates"))]
    progress = await ctx.store.prep_progress(person.id)
    session = _first_open(progress)
    if session is None:
        STATE.begin(ctx, NAME, "overview", {})
        return [_overview()]
    STATE.begin(ctx, NAME, "session", {"session": session})
    current = progress.get(session) or PrepProgress(session)
    if session not in progress:
        await ctx.store.save_prep(person.id, current)
    greeting = Msg.of("prepare.welcome_back") if progress else Msg.of("prepare.welcome")
    return [Reply(greeting), *_show(current)]


async def session_done(ctx: Context, person_id: int, session: int) -> bool:
    """Whether this person finished preparation session `session` (1, 2 or 3)."""
    progress = (await ctx.store.prep_progress(person_id)).get(session)
    return progress is not None and progress.finished_at is not None


async def ask(ctx: Context) -> list[Reply]:
    person = _candidate(ctx)
    if person is None:
        end(ctx)
        return [Reply(Msg.of("prepare.only_candidates"))]
    if STATE.step(ctx) == "overview":
        return [_overview()]
    return _show(await _current(ctx, person))


async def on_text(ctx: Context, text: str) -> list[Reply]:
    person = _candidate(ctx)
    if person is None:
        end(ctx)
        return [Reply(Msg.of("prepare.only_candidates"))]
    if STATE.step(ctx) == "overview":
        return [Reply(Msg.of("error.use_buttons")), _overview()]
    progress = await _current(ctx, person)
    if progress.step != TIPS[progress.session]:
        return [Reply(Msg.of("error.use_buttons")), *_show(progress)]
    cleaned, problem = check_text("text", text, ANSWER_MAX_LEN)
    if problem == "too_long":
        problem_reply = Msg.of("prepare.too_long", max=ANSWER_MAX_LEN, length=len(cleaned))
        return [Reply(problem_reply), *_show(progress)]
    if problem is not None:
        return [Reply(Msg.of("prepare.no_words")), *_show(progress)]
    progress.answers[EXERCISES[progress.session]] = cleaned
    return [
        Reply(Msg.of(f"prepare.s{progress.session}.well_done")),
        *await _finish(ctx, person, progress),
    ]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    person = _candidate(ctx)
    if person is None:
        end(ctx)
        return [Reply(Msg.of("prepare.only_candidates"))]
    if value == "stop":
        end(ctx)
        return [Reply(Msg.of("prepare.stopped"))]
    action, _, number = value.partition(":")
    if action == "session" and number.isdigit() and int(number) in SESSIONS:
        return await _open(ctx, person, int(number))
    if STATE.step(ctx) == "overview":
        return [Reply(Msg.of("error.use_buttons")), _overview()]
    progress = await _current(ctx, person)
    tips = TIPS[progress.session]
    if value == "next" and progress.step < tips:
        progress.step += 1
        await ctx.store.save_prep(person.id, progress)
        return _show(progress)
    if value == "next":
        # The "Next" button of the last tip stays usable while the exercise is open.
        return _show(progress)
    if value == "keep" and progress.step == tips and _answer(progress):
        return [Reply(Msg.of("prepare.kept")), *await _finish(ctx, person, progress)]
    return [Reply(Msg.of("error.use_buttons")), *_show(progress)]


async def _open(ctx: Context, person: Person, session: int) -> list[Reply]:
    """Start a session, or read a finished one again from its first tip."""
    progress = (await ctx.store.prep_progress(person.id)).get(session) or PrepProgress(session)
    if progress.finished_at is not None:
        progress.step = 0
    await ctx.store.save_prep(person.id, progress)
    STATE.begin(ctx, NAME, "session", {"session": session})
    return _show(progress)


async def _finish(ctx: Context, person: Person, progress: PrepProgress) -> list[Reply]:
    progress.step = TIPS[progress.session] + 1
    progress.finished_at = progress.finished_at or ctx.clock.now()
    await ctx.store.save_prep(person.id, progress)
    if _first_open(await ctx.store.prep_progress(person.id)) is None:
        STATE.set_step(ctx, "overview")
        STATE.data(ctx).pop("session", None)
        return [Reply(Msg.of("prepare.session_done", number=progress.session)), _overview()]
    return _show(progress)


def _show(progress: PrepProgress) -> list[Reply]:
    """The message for where this session stands: a tip, the exercise, or done."""
    session, tips = progress.session, TIPS[progress.session]
    title = Msg.of(f"prepare.s{session}.title")
    if progress.step < tips:
        number = progress.step + 1
        text = Msg.of(
            "prepare.tip",
            session=session,
            title=title,
            number=number,
            total=tips,
            text=Msg.of(f"prepare.s{session}.tip{number}"),
        )
        return [Reply(text, buttons=[[Button(Msg.of("prepare.next"), "next")]])]
    task = Msg.of(f"prepare.s{session}.exercise")
    if progress.step == tips:
        answer = _answer(progress)
        if answer:
            again = Msg.of(
                "prepare.exercise_again", session=session, title=title, task=task, answer=answer
            )
            return [Reply(again, buttons=[[Button(Msg.of("prepare.keep"), "keep")]])]
        return [Reply(Msg.of("prepare.exercise", session=session, title=title, task=task))]
    # Done, but the next session was not opened yet (for instance after a restart).
    done = Msg.of("prepare.session_done", number=session)
    if session + 1 in SESSIONS:
        return [Reply(done, buttons=[[_continue(session + 1)], [_stop()]])]
    return [Reply(done), _overview()]


def _overview() -> Reply:
    buttons = [
        [
            Button(
                Msg.of("prepare.review", number=n, title=Msg.of(f"prepare.s{n}.title")),
                f"session:{n}",
            )
        ]
        for n in SESSIONS
    ]
    return Reply(Msg.of("prepare.all_done"), buttons=[*buttons, [_stop()]])


def _continue(session: int) -> Button:
    label = Msg.of("prepare.continue", number=session, title=Msg.of(f"prepare.s{session}.title"))
    return Button(label, f"session:{session}")


def _stop() -> Button:
    return Button(Msg.of("prepare.stop"), "stop")


def _answer(progress: PrepProgress) -> str:
    return progress.answers.get(EXERCISES[progress.session], "")


def _first_open(progress: dict[int, PrepProgress]) -> int | None:
    return next((n for n in SESSIONS if n not in progress or progress[n].finished_at is None), None)


async def _current(ctx: Context, person: Person) -> PrepProgress:
    raw = STATE.data(ctx).get("session")
    session = raw if isinstance(raw, int) and raw in SESSIONS else None
    progress = await ctx.store.prep_progress(person.id)
    if session is None:
        session = _first_open(progress) or SESSIONS[-1]
        STATE.set_step(ctx, "session")
        STATE.data(ctx)["session"] = session
    current = progress.get(session) or PrepProgress(session)
    current.step = min(max(current.step, 0), TIPS[session] + 1)
    return current


def _candidate(ctx: Context) -> Person | None:
    """The person, when they are a job seeker who finished joining; else None."""
    person = ctx.person
    if person is None or person.role != "candidate" or person.onboarded_at is None:
        return None
    return person
