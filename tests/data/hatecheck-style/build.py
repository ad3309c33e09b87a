"""Writes hatecheck-style.jsonl: short functional tests in the style of HateCheck.

Written for this project (not copied from HateCheck): each functionality has its own
templates, filled with protected groups in turn, so every group meets every kind of
sentence. Run it again after changing a template; the output is deterministic.

    python tests/data/hatecheck-style/build.py
"""

from __future__ import annotations

import json
from pathlib import Path

# (plural, singular with its article); {bare} is the singular without the article
GROUPS = [
    ("women", "a woman"), ("trans people", "a trans person"), ("gay people", "a gay man"),
    ("Black people", "a Black person"), ("disabled people", "a disabled person"),
    ("Muslims", "a Muslim"), ("immigrants", "an immigrant"), ("Travellers", "a Traveller"),
    ("Jews", "a Jew"), ("Polish people", "a Polish person"), ("refugees", "a refugee"),
    ("lesbians", "a lesbian"), ("old people", "an old person"), ("Hindus", "a Hindu"),
    ("Sikhs", "a Sikh"), ("autistic people", "an autistic person"),
]

HATEFUL = {
    "threat": [
        "{G} deserve to die.",
        "I'm going to hurt the next {bare} I see on the estate.",
        "All {g} should be shot.",
        "Someone will be round to sort out the {g} on our street.",
        "{G} need a good kicking, and we'll give them one.",
        "If any more {g} move in we'll burn them out.",
        "Somebody should put a bomb under those {g}.",
        "We know where you live, you filthy {g}.",
        "I'd happily kill any {bare} who comes near my kids.",
        "{G} should be lined up against a wall.",
        "We'll make sure every {bare} round here ends up in hospital.",
        "Hang the lot of them, {g} included.",
    ],
    "dehumanising": [
        "{G} are vermin.",
        "{G} are animals, nothing more.",
        "{G} are parasites living off the rest of us.",
        "{G} are a plague on this town.",
        "Those {g} are rats, every one of them.",
        "{G} are a disease spreading through Northwich.",
        "{G} are cockroaches.",
        "{G} are subhuman filth.",
        "Treat {g} like the pests they are.",
        "{G} breed like rabbits.",
        "{G} are scum.",
        "{G} are an infestation.",
    ],
    "implicit_derogation": [
        "{G} lives are worthless.",
        "Normal families only please, no {g}.",
        "{G} can't be trusted around children.",
        "I'd never hire {g}, they're all lazy.",
        "{G} ruin every area they move into.",
        "Keep {g} out of our community centre.",
        "{G} are a drain on the rest of us.",
        "Nobody wants {g} living next door.",
        "{G} should know their place.",
        "{G} belong in a zoo.",
        "No {g} at the summer fair, thanks.",
        "{G} aren't welcome in a decent town like ours.",
    ],
    "contempt": [
        "{G} make me sick.",
        "I hate {g}.",
        "I can't stand {g}.",
        "{G} disgust me.",
        "I despise {g}, always have.",
        "{G} are revolting.",
        "Just seeing {g} turns my stomach.",
        "{G} are pathetic.",
        "I've got nothing but contempt for {g}.",
        "{G} are the worst thing about this town.",
        "Honestly {g} are vile.",
        "{G} are a joke.",
    ],
    "negated_praise": [
        "{G} are never any good at anything.",
        "There's nothing good about {g}.",
        "{G} will never be as good as the rest of us.",
        "No {bare} has ever done anything useful.",
        "I would never trust {g}.",
        "{G} are not fit to run anything.",
        "{G} aren't capable of a day's honest work.",
        "Not one of those {g} is worth anything.",
        "{G} are not real people to me.",
        "{G} never contribute anything.",
        "I'd never let {g} near our kids.",
        "{G} don't deserve any respect.",
    ],
    # Each sentence hides one word of an otherwise plain hateful sentence.
    "spelling": [
        "{G} are vremin.",                 # swapped letters
        "I haet {g}.",
        "{G} are parasties.",
        "{G} deserve to dei.",
        "{G} are vrmin.",                  # deleted letters
        "{G} are anmals.",
        "{G} make me sck.",
        "{G} are p a r a s i t e s.",      # spaces inserted
        "{G} are v e r m i n.",
        "K I L L all {g}.",
        "I hate{g}.",                      # spaces removed
        "{G}arevermin.",
        "{G} are scum,they deservetodie.",
        "{G} are p4r4s1tes.",              # leetspeak
        "{G} are v3rm1n.",
        "k1ll all {g}.",
        "{G} are $cum.",
        "{G} lives are w0rthless.",
        "{G} are an1mals.",
        "I h8 {g}.",
    ],
}

NOT_HATEFUL = {
    "identity_neutral": [
        "I am {one}.",
        "Many {g} live in Rudheath and Witton.",
        "We had a talk from two {g} about their work.",
        "There are several {g} in our choir.",
        "Our new volunteer is {one}.",
        "The survey asked {g} what they want from the hub.",
        "Some {g} use the food bank, like lots of other families.",
        "My neighbour is {one} and works at the hospital.",
        "{G} will be at the meeting on Tuesday.",
        "The library has new books by and about {g}.",
    ],
    "identity_positive": [
        "{G} are lovely.",
        "We welcome {g}.",
        "I love working with {g}.",
        "{G} make our community stronger.",
        "{G} are welcome at every RWT event.",
        "Proud to stand with {g}.",
        "{G} deserve respect and kindness.",
        "So many brilliant {g} volunteer with us.",
        "Being {one} is something to be proud of.",
        "Thank you to all the {g} who shared their stories with us.",
    ],
    "counter_speech": [
        "Saying {g} are vermin is disgusting and wrong.",
        "If you think {g} deserve to die, you are not welcome here.",
        "Calling {g} parasites is hate speech and we will report it.",
        "Nobody should ever tell {g} they aren't welcome.",
        "We stand against anyone who says {g} are worthless.",
    ],
}


def fill(template: str, group: tuple[str, str]) -> str:
    plural, one = group
    return template.replace("{G}", plural[0].upper() + plural[1:]).replace(
        "{g}", plural).replace("{one}", one).replace("{bare}", one.split(" ", 1)[1])


def build(table: dict[str, list[str]], label: str, per: int) -> list[dict]:
    rows = []
    for func, templates in table.items():
        n = max(per, len(templates))
        for i in range(n):
            template = templates[i % len(templates)]
            group = GROUPS[(i * 5 + len(func)) % len(GROUPS)]
            rows.append({"id": f"{func}-{i + 1:02d}", "functionality": func, "label": label,
                         "group": group[0], "text": fill(template, group)})
    return rows


def main() -> None:
    rows = build(HATEFUL, "hateful", 24) + build(NOT_HATEFUL, "not_hateful", 20)
    out = Path(__file__).with_name("hatecheck-style.jsonl")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    print(f"{len(rows)} sentences -> {out.name}")


if __name__ == "__main__":
    main()
