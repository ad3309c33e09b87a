"""Writes obscene-in-sentence.jsonl: obscene and sexual words in ordinary friendly sentences.

The words are a selection from the English list of the public "List of Dirty, Naughty,
Obscene and Otherwise Bad Words" (LDNOOBW, github.com/LDNOOBW, file ``en``): its sexual,
crude and abusive entries. Left out: names of people and websites, drugs, political or
historical phrases, and plain medical or everyday words whose usual sense is innocent
("breast", "ovaries", "blow", "sub", "suck", "naked", "escort", "beaver", "sex").
Each word goes into one of a few friendly sentences in turn; every sentence should get at
least a warning.

    python tests/data/obscene-in-sentence/build.py
"""

from __future__ import annotations

import json
from pathlib import Path

WORDS = """
2g1c|2 girls 1 cup|anal sex|anal beads|anilingus|arse|arsehole|ass|asshole|assmunch|autoerotic
ball gag|ballsack|ball licking|bareback|barely legal|bastard|bbw|bdsm|bestiality|big tits
bitch|bitches|blowjob|blow job|blow your load|blue balls|bollocks|bondage|boner|boob|boobs
booty call|bukkake|bulldyke|bullshit|bunghole|bust a nut|busty|buttcheeks|butthole|camel toe
cameltoe|camgirl|camslut|camwhore|carpet muncher|circlejerk|clit|clitoris|clunge|clusterfuck
cock|cocks|cocksucker|cockring|coitus|creampie|cum|cumming|cumshot|cunnilingus|cunt|cunts
deepthroat|dick|dicks|dildo|dildos|dingleberry|doggy style|doggystyle|dominatrix|douche
douchebag|dry hump|dumbass|dumbfuck|dyke|eat my ass|ejaculation|erection|erotic|fag|faggot
fellatio|felch|femdom|fingerbang|fisting|fleshlight|footjob|foreplay|fornicate|foursome|fuck
fucked|fucker|fuckin|fucking|fucks|gangbang|gang bang|genitals|gloryhole|glory hole
golden shower|goddamn|g-spot|g-string|hand job|handjob|hardcore sex|hentai|hooker|horny
humping|jack off|jerk off|jizz|kinky|knob|lube|masturbate|masturbation|milf|minge
motherfucker|muff diver|nipples|nsfw|nude|nudity|nympho|one night stand|oral sex|orgasm|orgy
paedophile|pecker|pegging|penis|phone sex|piece of shit|piss|pissing|poof|poofter|porn|porno
pornography|pubes|punani|pussy|queef|quickie|quim|rape|rapist|retard|rimjob|rimming|schlong
screwing|semen|sexting|sexy|shag|shemale|shit|shitty|skank|slut|sluts|smut|snatch|sodomy
spunk|sperm|strap on|strapon|stripper|striptease|testicle|threesome|thong|tit|tits|titties
titty|tosser|tranny|turd|twat|upskirt|vagina|vibrator|wank|wanker|wet dream|whore|xxx
"""

SENTENCES = [
    "Thanks so much to everyone who came to the coffee morning, {w}!",
    "Lovely sunny day for the litter pick, {w} \N{SMILING FACE WITH SMILING EYES}",
    "Great turnout at the quiz night, {w}, see you all next month.",
    "Our volunteers are amazing, {w}, thank you all!",
    "Come along to the craft club this Tuesday, {w} x",
    "Who's up for the fun run on Sunday? {w} \N{PARTY POPPER}",
]


def main() -> None:
    words = [w.strip() for line in WORDS.strip().splitlines() for w in line.split("|")]
    rows = [{"id": f"obscene-{i + 1:03d}", "word": w,
             "text": SENTENCES[i % len(SENTENCES)].replace("{w}", w)}
            for i, w in enumerate(words)]
    out = Path(__file__).with_name("obscene-in-sentence.jsonl")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    print(f"{len(rows)} sentences -> {out.name}")


if __name__ == "__main__":
    main()
