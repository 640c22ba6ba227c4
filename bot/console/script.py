"""The ready-made story, step by step (bot/console/steps.py): an In de Lift edition from
the coach's invite to a job seeker's "done". Texts typed are given in English and Dutch."""

from __future__ import annotations

from bot.console.cast import ADMIN, BY_ADDRESS, COACH, Seat
from bot.console.steps import Act, As, Later, Open, Press, Say, SendFile, Step

ANNA, BERT, SAMIR, EVA = (BY_ADDRESS[a] for a in ("1", "2", "5", "6"))


def invite(role: str) -> tuple[Step, ...]:
    """The coach invites one person for her programme."""
    return (As(COACH), Say("/invite"), Press(f"role:{role}"), Press(r"prog:\d+"))


def consent(seat: Seat) -> tuple[Step, ...]:
    """`seat` opens the coach's invite, agrees and picks the demo's language."""
    return (As(seat), Open(COACH), Press("agree"), Press("lang:{lang}"))


def job_seeker(
    seat: Seat, name: str, work: tuple[str, str], sectors: tuple[str, ...], good_at: tuple[str, str]
) -> tuple[Step, ...]:
    return (
        *invite("candidate"),
        *consent(seat),
        Say(name),
        Say(*work),
        *(Press(f"tog:{sector}") for sector in sectors),
        Press("done"),
        Say(*good_at),
        Press("tog:mon"),
        Press("tog:thu"),
        Press("tog:morning"),
        Press("done"),
        Say("Zoetermeer"),
        Press("ok"),
    )


def employer(
    seat: Seat, name: str, company: str, need: tuple[str, str], sector: str
) -> tuple[Step, ...]:
    return (
        *invite("buddy"),
        *consent(seat),
        Say(name),
        Say(company),
        Say(*need),
        Press(f"opt:{sector}"),
        Say("Zoetermeer"),
        Press("opt:coffee"),
        Press("ok"),
    )


COACH_JOINS: tuple[Step, ...] = (
    Act("demo.act.coach"),
    As(ADMIN),
    Say("/start"),
    Say("/invite"),
    As(COACH),
    Open(ADMIN),
    Press("agree"),
    Press("lang:{lang}"),
    Say("Carla"),
    Say("Werkacademie Zoetermeer"),
    Press("ok"),
    Say("/programme"),
    Press("kind:in_de_lift"),
    Say("In de Lift Zoetermeer"),
    Say("Zoetermeer"),
)
JOINING: tuple[Step, ...] = (
    Act("demo.act.joining"),
    *job_seeker(
        ANNA,
        "Anna",
        ("Warehouse work or order picking", "Magazijnwerk of orderpicken"),
        ("logistics", "retail"),
        ("I am precise and always on time", "Ik werk precies en ben altijd op tijd"),
    ),
    *job_seeker(
        SAMIR,
        "Samir",
        ("Cook or kitchen help", "Kok of keukenhulp"),
        ("hospitality",),
        ("I cook for many people and stay calm", "Ik kook voor veel mensen en blijf rustig"),
    ),
    *employer(
        BERT,
        "Bert",
        "Bakkerij Bert",
        ("Someone for the early shift", "Iemand voor de vroege dienst"),
        "hospitality",
    ),
    *employer(
        EVA,
        "Eva",
        "Van Dijk Logistiek",
        ("Order pickers for our warehouse", "Orderpickers voor ons magazijn"),
        "logistics",
    ),
)
PLANNING: tuple[Step, ...] = (
    Act("demo.act.planning"),
    As(COACH),
    Say("/newevent"),
    Press(r"prog:\d+"),
    Press("kind:main"),
    Press("keep"),
    Say("Meet the employers", "Kennismaken met werkgevers"),
    Say("thursday 14:00", "donderdag 14:00"),
    Press("yes"),
    Press("min:120"),
    Say("Library Zoetermeer", "Bibliotheek Zoetermeer"),
    Say("Stadhuisplein 2, Zoetermeer"),
    Press("skip"),
    Say("30"),
    Say(
        "Ten employers from Zoetermeer tell what they look for. Coffee and tea are ready.",
        "Tien werkgevers uit Zoetermeer vertellen wie ze zoeken. Er is koffie en thee.",
    ),
    Press("save"),
)
SET_UP: tuple[Step, ...] = (*COACH_JOINS, *JOINING, *PLANNING)
ANSWERS: tuple[Step, ...] = (
    Act("demo.act.answers"),
    As(ANNA),
    Press(r"ev:\d+:yes"),
    As(SAMIR),
    Press(r"ev:\d+:yes"),
    As(BERT),
    Press(r"ev:\d+:yes"),
    As(EVA),
    Press(r"ev:\d+:maybe"),
)
BROADCAST: tuple[Step, ...] = (
    Act("demo.act.broadcast"),
    As(COACH),
    Say("/broadcast"),
    Press("to:programme"),
    Press(r"prog:\d+"),
    Say(
        "Hello everyone!\nOn Thursday you meet ten employers. Bring a smile and a few CVs.\n"
        "See you there, Carla",
        "Hallo allemaal!\nDonderdag ontmoet je tien werkgevers. Neem een glimlach en een paar "
        "cv's mee.\nTot dan, Carla",
    ),
    Press("as_is"),
    Press("later"),
    Say("wednesday 17:00", "woensdag 17:00"),
    Press("send"),
)
CV_CHECK: tuple[Step, ...] = (
    Act("demo.act.cv"),
    As(ANNA),
    Say("/cv"),
    SendFile("cv-anna.pdf"),
    As(COACH),
    Press(r"cv:\d+:review"),
    Say(
        "Put your forklift certificate at the top\nAdd the years at the supermarket",
        "Zet je heftruckcertificaat bovenaan\nVermeld de jaren bij de supermarkt",
    ),
    Say(
        "Clear and short\nYour strengths stand out",
        "Duidelijk en kort\nJe sterke punten vallen op",
    ),
    Press("send"),
    As(ANNA),
)
MAIN_EVENT: tuple[Step, ...] = (
    Act("demo.act.day"),
    As(ANNA),
    Later("thursday 13:45", "donderdag 13:45"),
    As(COACH),
    Say("/events"),
    Press(r"show:\d+"),
    Press(r"qr:\d+"),
    As(ANNA),
    Open(COACH, "ci_", "demo.scans_qr"),
    As(SAMIR),
    Open(COACH, "ci_", "demo.scans_qr"),
    As(BERT),
    Open(COACH, "ci_", "demo.scans_qr"),
    As(EVA),
    Open(COACH, "ci_", "demo.scans_qr"),
)
MORNING_AFTER: tuple[Step, ...] = (
    Act("demo.act.morning"),
    Later("friday 10:15", "vrijdag 10:15"),
    As(ANNA),
    Press(r"rt:\d+:5"),
    Say(
        "I talked to three employers. Eva has a warehouse close to my home!",
        "Ik sprak drie werkgevers. Eva heeft een magazijn vlak bij mijn huis!",
    ),
    Press(r"r2:\d+:pick"),
    Press(r"b:\d+"),
    Press("done"),
    As(SAMIR),
    Press(r"r2:\d+:pick"),
    Press(r"b:\d+", first=True),
    Press("done"),
)
PAIRING: tuple[Step, ...] = (
    Act("demo.act.pairing"),
    As(COACH),
    Say("/events"),
    Press(r"show:\d+"),
    Press(r"choices:\d+"),
    Press(r"back:\d+"),
    Press(r"pairs:\d+"),
    As(EVA),
    Press(r"pr:\d+:acc"),
    Press(r"rl:\d+:relay"),
    As(BERT),
    Press(r"pr:\d+:acc"),
)
MEETING: tuple[Step, ...] = (
    Act("demo.act.meeting"),
    As(EVA),
    Press(r"mt:\d+:plan"),
    Say(
        "Van Dijk Logistiek, Industrieweg 12, Zoetermeer (ask for Eva at the desk)",
        "Van Dijk Logistiek, Industrieweg 12, Zoetermeer (vraag bij de balie naar Eva)",
    ),
    Say("tuesday 10:00", "dinsdag 10:00"),
    Press("more"),
    Say("wednesday 14:00", "woensdag 14:00"),
    Press("done"),
    As(ANNA),
    Press(r"rl:\d+:phone"),
    Say("@contact"),
    Press(r"ms:\d+:0", first=True),
)
FOLLOW_UP: tuple[Step, ...] = (
    Act("demo.act.talked"),
    Later("tuesday 12:30", "dinsdag 12:30"),
    As(EVA),
    Press(r"tk:\d+:yes"),
    Press("kind:interview"),
    Press("owner:other"),
    Press("due:w1"),
    As(ANNA),
    Press(r"ag:\d+:yes"),
)
DONE: tuple[Step, ...] = (
    Act("demo.act.nudge"),
    Later("monday 10:15", "maandag 10:15"),
    As(ANNA),
    Press(r"ng:\d+:done"),
    As(COACH),
    Say("/pairs"),
)
STORY: tuple[Step, ...] = (
    *SET_UP,
    *ANSWERS,
    *BROADCAST,
    *CV_CHECK,
    *MAIN_EVENT,
    *MORNING_AFTER,
    *PAIRING,
    *MEETING,
    *FOLLOW_UP,
    *DONE,
)
