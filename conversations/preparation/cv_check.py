"""CV check with two tips and two tops: a job seeker sends a CV to their coach or, once
paired, their buddy, who answers with exactly two tips and two tops; the job seeker
receives them.

```mermaid
stateDiagram-v2
    [*] --> who: /cv (job seeker with a coach and a buddy)
    [*] --> file: /cv (job seeker with one of them)
    who --> file: coach or buddy picked
    file --> [*]: PDF or photo sent to the reviewer
    [*] --> tips: the reviewer presses "give tips and tops"
    tips --> tops: exactly two tips
    tops --> preview: exactly two tops
    preview --> [*]: send (the job seeker gets them)
    preview --> tips: start over
```
"""

from __future__ import annotations

import re

from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.records import Conversation, CvReview, Person, name_of
from conversations.core.types import Button, FileRef, Joined, Msg, Reply
from conversations.core.wizard import with_back
from conversations.joining.fields import check_text, problem_message
from conversations.preparation.flow_states import CvData, CvStep
from conversations.preparation.names import CV_REVIEW

NAME = "cv"
STATE = FlowState[CvData, CvStep]()
MAX_BYTES = 10 * 1024 * 1024
ACCEPTED = ("application/pdf", "image/jpeg", "image/png")
POINT_MAX = 300
# "1. ...", "- ...", "• ..." at the start of a line are list marks, not content.
LIST_MARK = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s*")


async def start(ctx: Context) -> list[Reply]:
    person = ctx.person
    if person is None or person.role != "candidate" or person.onboarded_at is None:
        return [Reply(Msg.of("cv.only_candidates"))]
    reviewers = await _reviewers(ctx, person)
    if not reviewers:
        return [Reply(Msg.of("cv.no_coach"))]
    if len(reviewers) == 1:
        STATE.begin(ctx, NAME, "file", {"reviewer": reviewers[0].id})
    else:
        STATE.begin(ctx, NAME, "who", {"choices": [r.id for r in reviewers]})
    return await ask(ctx)


async def _reviewers(ctx: Context, candidate: Person) -> list[Person]:
    """The coach who invited them, then the buddies they are paired with: people who can
    still be reached."""
    ids = [candidate.invited_by] if candidate.invited_by else []
    for pair in await ctx.store.pairs_of_person(candidate.id):
        if pair.state == "accepted" and pair.candidate_id == candidate.id:
            ids.append(pair.buddy_id)
    found = [await ctx.store.person(i) for i in dict.fromkeys(ids)]
    return [p for p in found if p is not None and p.chat_key is not None]


def task_name(conv: Conversation) -> str:
    """The coach giving tips and tops is another task than the job seeker sending a CV."""
    return "cv_review" if conv.step in ("tips", "tops", "preview") else NAME


async def ask(ctx: Context) -> list[Reply]:
    step = STATE.step(ctx)
    if step == "who":
        assert ctx.person is not None
        buttons = []
        for reviewer in await _reviewers(ctx, ctx.person):
            key = "cv.to_coach" if reviewer.id == ctx.person.invited_by else "cv.to_buddy"
            buttons.append([Button(Msg.of(key, name=reviewer.name or "?"), f"to:{reviewer.id}")])
        return [Reply(Msg.of("cv.ask_who"), buttons=buttons)]
    if step in ("tips", "tops"):
        return with_back(ctx, [Reply(Msg.of(f"cv.ask_{step}"))])
    if step == "preview":
        send = Button(Msg.of("cv.send"), "send")
        again = Button(Msg.of("cv.again"), "again")
        points = Msg.of("cv.preview", points=_points(STATE.data(ctx)))
        return with_back(ctx, [Reply(points, buttons=[[send], [again]])])
    chosen = await ctx.store.person(int(STATE.data(ctx)["reviewer"]))
    return [Reply(Msg.of("cv.ask_file", reviewer=name_of(chosen)))]


async def on_file(ctx: Context, file: FileRef) -> list[Reply]:
    if STATE.step(ctx) == "who":
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    if STATE.step(ctx) != "file" or ctx.person is None:
        return [Reply(Msg.of("cv.unexpected_file"))]
    if file.kind == "document" and file.mime not in ACCEPTED:
        return [Reply(Msg.of("cv.wrong_type")), *await ask(ctx)]
    if file.size is not None and file.size > MAX_BYTES:
        return [Reply(Msg.of("cv.too_large", max_mb=MAX_BYTES // (1024 * 1024))), *await ask(ctx)]
    reviewer = await ctx.store.person(int(STATE.data(ctx)["reviewer"]))
    end(ctx)
    if reviewer is None:
        return [Reply(Msg.of("cv.no_coach"))]
    review = await ctx.store.create_cv_review(
        CvReview(
            id=0,
            candidate_id=ctx.person.id,
            reviewer_id=reviewer.id,
            file_kind=file.kind,
            file_id=file.file_id,
            requested_at=ctx.clock.now(),
        )
    )
    name = ctx.person.name or ""
    ctx.notify(reviewer, Reply(Msg.of("cv.request_file", name=name), file=file))
    button = Button(Msg.of("cv.review_button"), f"{CV_REVIEW}:{review.id}:review", bound=True)
    ctx.notify(reviewer, Reply(Msg.of("cv.request", name=name), buttons=[[button]]))
    return [Reply(Msg.of("cv.sent", reviewer=reviewer.name or ""))]


async def on_review(ctx: Context, review_id: int, action: str) -> list[Reply]:
    review = await ctx.store.cv_review(review_id)
    if review is None and ctx.person is not None:
        # The job seeker left with /forget: their CV check went with them.
        return [Reply(Msg.of("cv.candidate_gone"))]
    if (
        review is None
        or ctx.person is None
        or review.reviewer_id != ctx.person.id
        or action != "review"
    ):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    if review.answered_at is not None:
        return [Reply(Msg.of("cv.already_answered"))]
    STATE.begin(ctx, NAME, "tips", {"review": review.id})
    return await ask(ctx)


async def on_text(ctx: Context, text: str) -> list[Reply]:
    step = STATE.step(ctx)
    if step == "file":
        return [Reply(Msg.of("cv.send_a_file")), *await ask(ctx)]
    if step not in ("tips", "tops"):
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    points = [LIST_MARK.sub("", line) for line in text.splitlines()]
    points = [" ".join(p.split()) for p in points if p.strip()]
    if len(points) != 2:
        return [Reply(Msg.plural(f"cv.exactly_two_{step}", len(points))), *await ask(ctx)]
    for point in points:
        _, problem = check_text("text", point, POINT_MAX)
        if problem:
            return [Reply(problem_message(problem, point, POINT_MAX)), *await ask(ctx)]
    STATE.data(ctx)[step] = points
    STATE.go(ctx, "tops" if step == "tips" else "preview")
    return await ask(ctx)


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    action, _, arg = value.partition(":")
    step, data = STATE.step(ctx), STATE.data(ctx)
    if step == "who" and action == "to" and arg.isdigit():
        if int(arg) not in data["choices"]:
            ctx.button_status = "forged"
            return [Reply(Msg.of("error.button_refused")), *await ask(ctx)]
        del data["choices"]
        STATE.set_step(ctx, "file")
        data["reviewer"] = int(arg)
        return await ask(ctx)
    if step == "preview" and value == "again":
        STATE.go(ctx, "tips")
        return await ask(ctx)
    if step == "preview" and value == "send":
        return await _send(ctx)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


def _points(data: CvData) -> Msg:
    return Msg.of(
        "cv.points",
        tips=Joined(tuple(f"💡 {t}" for t in data.get("tips", [])), lines=True),
        tops=Joined(tuple(f"⭐ {t}" for t in data.get("tops", [])), lines=True),
    )


async def _send(ctx: Context) -> list[Reply]:
    data = STATE.data(ctx)
    review = await ctx.store.cv_review(int(data["review"]))
    end(ctx)
    candidate = await ctx.store.person(review.candidate_id) if review else None
    if review is None or candidate is None:
        return [Reply(Msg.of("cv.candidate_gone"))]
    review.tips, review.tops, review.answered_at = data["tips"], data["tops"], ctx.clock.now()
    await ctx.store.save_cv_review(review)
    result = Msg.of("cv.result", reviewer=name_of(ctx.person), points=_points(data))
    ctx.notify(candidate, Reply(result))
    return [Reply(Msg.of("cv.review_sent", name=candidate.name or ""))]
