"""Tone of voice: how warm, neutral, negative or hostile a post reads, and why.

The policy asks for posts that are "Talking to the local community; Friendly and approachable;
Upbeat, hopeful, reassuring – no negative posts or implications". This module scores a post
and each of its sentences on VADER's -1..1 scale and finds what pulls the tone down:
shouting, sarcasm and blame, cold or bureaucratic wording, and hard reading.

VADER (Hutto & Gilbert 2014) is a lexicon-and-rules model made for social media. Its compound
score stays the backbone, so the score keeps tracking how people rate posts; on top of it come
small, bounded adjustments for how a UK community organisation writes:

* problem words that are the *object of help* are not negative: "tackle loneliness", "report
  a crime", "crime prevention advice", "debt support", "If you're feeling low ..." in a post
  that offers help, "no need to book", "no charge";
* a few words VADER lacks or misreads in British posts ("gutted", "fed up", "fuming",
  "chuffed"; "honestly," as a discourse marker; "fun" in "fun day"; "nobody" as a negator);
* sarcasm, blame and cold phrases (kept in the policy data) lower the score a little;
* for the rule's decision only (never the score): bereavement notices read as sombre, an
  appeal ("we're raising £2,000", "donations welcome") offers a way to help, and a safety tip
  ("Keep pets indoors", "Please don't leave bags on show") is a next step after a warning.

Speed: VADER's rules are re-implemented here on tokens lower-cased once (the same arithmetic,
checked against VADER in the tests), whole-post patterns are skipped when none of the literals
they need is in the post (one Aho-Corasick pass), and no per-text memo is kept.

Pure Python and no Qt: safe on the window's worker thread. One :class:`ToneAnalyser` loads
VADER's lexicon once; :meth:`ToneAnalyser.analyse` is then cheap and never raises on odd text.
"""

from __future__ import annotations

import bisect
import math
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import ahocorasick
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    normalize,
)

from rwt_desktop.core.findings import SentenceTone, ToneReport
from rwt_desktop.core.rules import literal_triggers
from rwt_desktop.core.text import Sentences, normalise

#: Patterns run on a lower-cased copy of the post: that is three times faster in Python's
#: engine than re.IGNORECASE over big alternations.
FLAGS = re.UNICODE

# --------------------------------------------------------------------------- language data
# Language knowledge, like VADER's own word lists. What staff may want to tune (acronyms,
# sarcasm, blame and cold phrases, thresholds) is in resources/rules/tone.toml instead.

#: Words VADER lacks or weighs differently in British community posts (VADER's -4..4 scale).
LEXICON_UPDATES: dict[str, float] = {
    "gutted": -2.2, "fuming": -2.4, "livid": -2.6, "shambles": -2.0, "diabolical": -2.5,
    "atrocious": -2.6, "disgraceful": -2.6, "appalling": -2.4, "shocking": -1.8,
    "moan": -1.2, "moaning": -1.2, "whinge": -1.4, "whinging": -1.4, "whingeing": -1.4,
    "naff": -1.2, "skint": -1.0, "knackered": -0.8, "idiots": -2.3, "morons": -2.6,
    "scum": -2.8, "inconsiderate": -1.9, "disrespectful": -1.9, "filthy": -1.9,
    "smelly": -1.5, "stinking": -2.0, "overflowing": -0.6,
    "chuffed": 2.2, "cosy": 1.8, "brill": 2.0, "lush": 1.6, "cracking": 1.2, "ace": 1.8, "fab": 2.0,
    "lovely": 2.8, "thrilled": 2.8, "delighted": 2.8,
    # "Drop in", "drop off your tins", "drop us a line": a community post's verb, not a fall.
    "drop": 0.0,
    # "Toilet block", "block of flats", "block booking": a noun here far more than a barrier.
    "block": 0.0,
    # In British English "Honestly, ..." opens a complaint more often than it praises
    # honesty; VADER's +2.0 turned "honestly the council are idiots" warm.
    "honestly": 0.0,
    # A request, not a feeling: VADER's +1.3 makes "Please stop ..." read as friendly.
    "please": 0.4,
    # Warnings and cautions are how community safety news is written, not a mood.
    "warning": -0.5,
    # British slang praise as often as a complaint ("the cakes were wicked", "sick skate
    # tricks", "a killer workout"), and panto's wicked witch: complaints about people have
    # their own words ("sick of" is an idiom below).
    "wicked": 0.0, "sick": -0.6, "killer": -1.0, "madness": -0.8, "sickest": 1.6,
    # A village scarecrow festival is a fun day out, not a fright.
    "scarecrow": 0.0, "scarecrows": 0.0,
    # The name of an illness is the subject of health news, screening and fundraising
    # ("Race for Life for cancer research"), not the writer's mood; VADER's -3.4 made one
    # mention a negative post. Sad news about someone is settled as sombre.
    "cancer": -1.2,
    # "We made a mistake in yesterday's post": a correction, not a complaint.
    "mistake": -0.7,
}

#: Emoji that mean anger or contempt whatever surrounds them.
ANGRY_EMOJI = frozenset("😠😡🤬👎🖕😤💩😒😾🤮")

#: Phrases VADER reads word by word but people read as one feeling. The valence sits on the
#: last word; the other words count as neutral.
IDIOMS: dict[str, float] = {
    "fed up": -2.0, "had enough": -1.8, "sick of": -2.0, "sick and tired": -2.5,
    "let down": -1.8, "let us down": -1.8, "nothing ever changes": -1.8,
    "nothing ever gets done": -1.8, "up in arms": -1.8, "at our wits end": -2.0,
    "at the end of our tether": -2.0, "a total joke": -2.0, "a complete joke": -2.0,
    "an absolute joke": -2.0, "a joke": -1.2, "absolute rubbish": -2.0,
    "utter rubbish": -2.0, "total rubbish": -2.0, "load of rubbish": -2.0,
    "talking rubbish": -1.8, "is rubbish": -1.8, "was rubbish": -1.8, "so rubbish": -1.8,
    "why do we bother": -2.0, "why bother": -1.5, "what's the point": -1.8,
    "whats the point": -1.8, "nobody turned up": -1.6, "no one turned up": -1.6,
    "nobody bothered": -1.8, "no one bothered": -1.8, "nobody came": -1.4, "no one came": -1.4,
    # Names of things, not judgements: the Christmas jumper contest, wonky-veg boxes, and
    # folk-tale and panto names that happen to hold a rude word.
    "ugly jumper": 0.0, "ugly christmas jumper": 0.0, "ugly sweater": 0.0,
    "ugly christmas sweater": 0.0, "ugly veg": 0.0, "ugly fruit": 0.0, "ugly duckling": 0.0,
    "dick whittington": 0.0, "dick turpin": 0.0, "moby dick": 0.0, "spotted dick": 0.0,
    # British praise and everyday names that hold a grim word: "to die for", "went down a
    # bomb", bath bombs, a Bloody Mary, a blind date, the fire engine, killing time.
    "to die for": 2.0, "dying to": 1.0, "down a bomb": 2.2, "down a storm": 2.2,
    "going like a bomb": 2.0, "bath bomb": 0.0, "bath bombs": 0.0, "seed bomb": 0.0,
    "seed bombs": 0.0, "bloody mary": 0.0, "bloody marys": 0.0, "blind date": 0.5,
    "blind tasting": 0.0, "blind taste test": 0.0, "crash course": 0.0, "photo shoot": 0.0,
    "kill time": 0.0, "kill some time": 0.0, "killing time": 0.0, "kill two birds": 0.0,
    "murder mystery": 0.5, "murder mysteries": 0.5, "fire engine": 0.0,
    "fire engines": 0.0, "fire station": 0.0, "fire brigade": 0.0, "fire service": 0.0,
    "fire and rescue": 0.0, "fire safety": 0.0, "fire safe": 0.0, "fire alarm": 0.0,
    "fire alarms": 0.0, "fire exit": 0.0, "fire exits": 0.0, "fire door": 0.0,
    "fire doors": 0.0, "fire drill": 0.0, "fire pit": 0.0, "fire fighters": 0.0,
    "fire marshal": 0.0, "fire marshals": 0.0, "fire extinguisher": 0.0,
    "fire extinguishers": 0.0, "fire officer": 0.0, "fire officers": 0.0,
    "fire crew": 0.0, "fire crews": 0.0,
    # "Shame about the rain": British for "a pity", mild, not a rebuke ("shame on you" is).
    "shame about": -0.8, "such a shame": -0.8, "what a shame": -0.8,
    # "Shame you couldn't make it": a pity. "Shame on us for not posting sooner": a joke at
    # our own expense (shame on other people stays hostile, in _HOSTILE).
    "shame you": -0.8, "shame we": -0.8, "shame it": -0.8, "shame on us": -0.5,
    "shame on me": -0.5, "shame on the weather": -0.5, "shame on the rain": -0.5,
    # Dressing-up contests and cracker jokes: "wear your worst!", "the worst joke wins".
    "wear your worst": 0.5, "worst dressed": 0.0, "worst jumper": 0.0,
    "worst christmas jumper": 0.0, "worst joke": 0.5, "worst jokes": 0.5,
    "worst cracker joke": 0.5, "worst cracker jokes": 0.5,
    # Praise for a performance, in the words people use for it ("the choir killed it",
    # "you smashed it", "have a stab at the quiz").
    "killed it": 2.4, "smashed it": 2.4, "nailed it": 2.2, "aced it": 2.2,
    "have a stab": 0.5, "have a stab at": 0.5, "like a bomb": 2.0, "went off": 1.0,
    "to shame": 1.0, "putting us all to shame": 2.0, "put us all to shame": 2.0,
    "dance battle": 0.5, "dance battles": 0.5, "rap battle": 0.5, "battle of the bands": 0.5,
    "bake off": 0.5, "tug of war": 0.0,
    # Campaigns against a harm are good news, not the harm ("anti-racism workshop",
    # "Show Racism the Red Card", "anti-bullying week").
    "anti racism": 1.0, "anti-racism": 1.0, "anti racist": 1.0, "anti-racist": 1.0,
    "show racism the red card": 1.0, "anti bullying": 1.0, "anti-bullying": 1.0,
    "war on slugs": 0.0, "war on weeds": 0.0, "war on litter": 0.0, "war on waste": 0.0,
    "over the moon": 2.8, "chuffed to bits": 2.6, "well done": 2.0, "can't wait": 1.8,
    "cant wait": 1.8, "fighting fit": 1.5, "no worries": 1.2, "no problem": 1.0,
    "stay safe": 1.0, "take care": 1.5,
    # "can't be bothered": VADER negates "bothered" into praise.
    "can't be bothered": -1.8, "cant be bothered": -1.8, "cannot be bothered": -1.8,
    "couldn't be bothered": -1.8, "couldnt be bothered": -1.8,
    "nobody could be bothered": -2.0, "no one could be bothered": -2.0,
}

#: Verbs (and verb phrases) whose object is a problem being dealt with.
_HELP_VERBS = (
    r"tackl(?:e|es|ing)|beat(?:s|ing)?|fight(?:s|ing)?|combat(?:s|ing)?|prevent(?:s|ing)?|"
    r"reduc(?:e|es|ing)|eas(?:e|es|ing)|report(?:ing)?|overcom(?:e|ing)|avoid(?:s|ing)?|"
    r"manag(?:e|ing)|cop(?:e|es|ing) with|deal(?:s|ing)? with|recover(?:s|ing)? from|"
    r"protect(?:s|ing)? (?:\S+ )?(?:from|against)|guard(?:s|ing)? against|"
    r"help(?:s|ing)? (?:\S+ )?(?:with|against|through)|support(?:s|ing)? (?:\S+ )?(?:with|through)|"
    r"advice (?:on|about)|information (?:on|about)|free from|affected by|living with|"
    r"worried about|concerned about|struggling with|bereaved by|stay safe from|"
    r"look out for|watch out for|be aware of|beware of|alert to|awareness of|"
    r"stop(?:s|ping)?|stamp(?:ing)? out|say(?:ing)? no to|stand(?:ing)? (?:up )?(?:to|against)|"
    r"speak(?:ing)? out against|challeng(?:e|es|ing)|end(?:s|ing)?|no place for|"
    r"stay(?:ing)? safe from|keep(?:ing)? (?:\S+ )?safe from|through (?:a|the|times of)"
)
#: Problems people get help with: neutral when they are the object of help.
_PROBLEMS = frozenset(
    [
        "crime", "crimes", "debt", "debts", "loneliness", "isolation", "grief", "bereavement",
        "loss", "cancer", "dementia", "abuse", "stress", "anxiety", "depression", "addiction",
        "gambling", "fraud", "scam", "scams", "scammers", "poverty", "hunger", "pain", "illness",
        "illnesses", "disease", "diseases", "suicide", "homelessness", "violence", "victim",
        "victims", "trauma", "worry", "worries", "fear", "fears", "crisis", "emergency",
        "emergencies", "problem", "problems", "difficulties", "hardship", "struggles", "burglary",
        "burglaries", "theft", "thefts", "vandalism", "damage", "fire", "fires", "flooding",
        "floods", "risk", "risks", "harm", "danger", "dangers", "injury", "injuries", "waste",
        "fly-tipping", "antisocial", "anti-social", "hate", "bullying", "harassment",
        "exploitation", "neglect", "misuse", "stroke", "disappointment", "blues", "sadness",
        "sorrow", "despair", "distress", "pressure", "cold", "loss", "heartache", "worrying",
        "lonely", "alone", "low", "struggling", "sad", "stressed", "anxious", "depressed",
        "worried", "isolated", "flu", "covid", "measles", "virus", "infection", "infections",
        "diabetes"
    ]
)
#: Nouns that turn a problem word before them into the name of a service.
_HELP_NOUNS = (
    r"prevention|advice|adviser|advisers|advisor|support|awareness|helpline|helplines|"
    r"clinic|cafe|café|workshop|workshops|drop-in|nurse|specialist|champions?|friendly|"
    r"relief|recovery|reduction|management|counselling|counsellor|information|hub|"
    r"appeal|watch|patrol|survivors?|charity|partnership|strategy|project|week|month|"
    r"alerts?|warnings?|research|screening|training|first aid|aid|jabs?|vaccines?|"
    r"vaccinations?|boosters?|checks?|tests?|testing|schemes?|services?|befriending"
)
#: Adjectives that judge: never made neutral even before a service noun ("poor advice").
_JUDGING = frozenset(
    [
        "bad", "awful", "terrible", "poor", "horrible", "rubbish", "useless", "pathetic",
        "disgusting", "worst", "worse", "shocking", "appalling", "dreadful", "hopeless", "stupid",
        "ridiculous", "lazy"
    ]
)
#: Things a service says there is none of ("no need to book", "no charge").
_NO_BURDEN = (
    r"need|charge|charges|cost|costs|fee|fees|booking|referral|referrals|obligation|catch|"
    r"pressure|judgement|judgment|experience|appointment|strings|commitment|hassle|fuss|"
    r"questions|waiting list|limit"
)
#: Offers of help or a next step: a post with one is reassuring, not merely negative.
_OFFER = (
    r"help is (?:available|at hand|there)|(?:we|they|you|advisers?|volunteers?|staff|team|"
    r"someone|people) (?:can|could|will|are here to|are there to|are ready to) (?:help|support|"
    r"listen|advise|talk|chat)|here (?:to help|for you|to listen|to support)|support is "
    r"available|get (?:help|support|advice|in touch)|for (?:help|support|advice)|"
    r"(?:call|ring|phone|text|email|contact|message|visit) \S+|let us know|please share|"
    r"(?:group|groups|café|cafe|club|drop-in|session|sessions|clinic|service|pantry|space|"
    r"hub|helpers?|volunteers?) (?:meets|meet|is open|are open|runs|run|restarts|is on|"
    r"takes place|is back|welcomes|can)|"
    r"(?:talk|speak|chat) to (?:us|someone|a|an|the|your|our)|pop (?:in|along|down|by)|drop in|"
    # Health next steps: "see your GP", "ask your pharmacist", "know the signs".
    r"(?:see|ask|book with|contact) your (?:gp|doctor|pharmacist|nurse|midwife|dentist|optician|"
    r"health visitor)|(?:know|spot|learn) the signs|"
    r"come (?:along|and|to|in)|join us|helpline|samaritans|advice|support|free|"
    r"(?:new|another) date|rearrang\w*|reschedul\w*|will be back|back (?:on|next|soon)|"
    r"(?:show|fun|party|event|fair|quiz|match|game) (?:goes|will go|must go|is still) on|"
    r"(?:still|will) go(?:ing)? ahead|going ahead|there'?s another|(?:another|next) one|"
    r"try (?:it )?again|will reply|get back to you|"
    r"see you|let you know|keep you (?:posted|updated)|updates? (?:to follow|soon)|"
    r"watch this space|stay safe|take care|keep (?:warm|safe|an eye)|look out for|"
    r"please (?:call|contact|report|check|come|join|pop|get|keep|look|let|share|bring|"
    r"ring|ask|tell|email|message|visit|use|help|donate|sign|book|sponsor)|you're not alone|"
    r"you are not alone|don't have to|never alone|we're here|we are here|reach out|"
    # An appeal says how people can help: "we're raising £2,000", "donations welcome".
    r"(?:we're|we are) (?:raising|collecting|fundraising|appealing)|"
    r"rais(?:e|ing) (?:money|funds|£)|help us (?:raise|reach|beat|hit|get|buy|fix|repair|"
    r"keep|make)|(?:can|could) you (?:help|spare|donate|give|volunteer)|donat(?:e|ions?)|"
    r"gratefully received|every (?:little|penny|pound) helps|befriend\w*|"
    r"(?:listeners?|befrienders?|advisers?|counsellors?|nurses?|volunteers?) "
    r"(?:are|is) (?:at|in|on hand|available|here|there)"
)
#: Remembering and condoling: sombre words there are respect, not negativity.
_SOMBRE = (
    r"remember|remembrance|lest we forget|in (?:loving )?memory|condolences|sympathy|"
    r"thoughts are with|rest in peace|\brip\b|passed away|sad news|sadly passed|"
    r"tribute|armistice|poppy|poppies|fallen|two minutes'? silence|minute'?s silence|"
    r"memorial|holocaust|we will remember|gone but not forgotten|vigil|"
    # Bereavement notices and condolences.
    r"\b(?:deaths? of|(?:has|have) died|died (?:peacefully|suddenly|on|last|aged|at|in)|"
    r"funeral|will be (?:\w+ )?missed|(?:sorry|sad) to hear|sad to (?:share|announce|report|"
    r"tell)|with (?:great|heavy|deep|much) sadness|heavy hearts?|condolence|bereave\w*|"
    r"losing (?:someone|a loved one|a partner|a child|a parent|a friend|a pet)|"
    r"lost (?:someone|a loved one))\b"
)
#: A sentence that tells people how to stay safe ("Keep pets indoors", "Please don't leave
#: bags on show", "Don't click the link"): for a warning before it, a next step.
_ADVICE = re.compile(
    r"(?:please |and |so )?(?:keep|close|lock|check|make sure|stay|wrap|drink|cover|fit|"
    r"secure|register|hang up|delete|report|call|ring|avoid|allow|look out|watch out|"
    r"take care|remember to|get (?:your|a|an) |book (?:your|a|an|in)|know the signs|"
    r"trust your|(?:please )?(?:don't|do not|never) (?:click|open|give|share|"
    r"leave|hand|pay|send|reply|answer|let|feed|touch|approach|park|put|be|worry))\b")
#: Contempt and insult: what makes negative tone hostile.
_HOSTILE = (
    r"disgust\w*|disgrace\w*|pathetic|idiots?|stupid|scum|vile|morons?|selfish|lazy|useless|"
    r"clueless|shambles|fuming|livid|appalling|ridiculous|inconsiderate|disrespectful|filthy|"
    r"absolute joke|total joke|complete joke|shame on (?!us\b|me\b|the (?:weather|rain)\b)|"
    r"how dare|ashamed of (?:you|them|yourselves)|"
    r"(?:absolute|utter|total|load of) rubbish|i hate|we hate|hate (?:it|that|this|people|you)"
)
#: The writer's own frustration: never "settled" by an offer of help later in the post.
#: The weather as what someone is fed up of: bad luck, not anger at anyone.
_WEATHER = (r"(?:the |this |all (?:the |this )?)?(?:rain|weather|wind|snow|cold|heat|drizzle|"
            r"storms?|grey skies|wet weather|mud|ice)\b")
_VENTED = (
    rf"fed up(?! (?:of|with) {_WEATHER})|sick of(?! {_WEATHER})|sick and tired(?! of {_WEATHER})|"
    rf"had enough(?! of {_WEATHER})|fuming|livid|let (?:us )?down|"
    r"disappoint\w*|furious|angry|annoyed|frustrat\w*|why do we bother|why bother|"
    r"what'?s the point|can'?t believe|unbelievable|nobody (?:cares|bothered|turned up|helps)|"
    r"no one (?:cares|bothered|turned up|helps)"
)
#: The writer's own sadness at bad luck ("gutted the rain stopped sports day"): frustration
#: like _VENTED, but settled when a next step follows ("we'll reschedule soon").
_SAD = rf"gutted|heartbroken|devastated|(?:fed up|sick|tired|had enough) (?:of|with) {_WEATHER}"
#: Plays, games and spooky fun: a post about one of these ("murder mystery night", "the
#: haunted history walk", "laser tag") tells a story; its murders and ghosts are not news.
_PLAY = re.compile(
    r"\b(?:murder myster\w*|whodunn?its?|cluedo|escape rooms?|laser (?:tag|quest)|paintball\w*|"
    r"nerf|panto\w*|drama (?:group|club|society)|theatre|musical|macbeth|shakespeare|"
    r"(?:film|movie|cinema) (?:night|club)|book club|novels?|halloween|haunted|"
    r"ghost (?:walk|tour|hunt|stor(?:y|ies)|train)|zombie|fancy dress|spooky|trick or treat\w*|"
    r"fright night|dungeons)\b", FLAGS)
#: Story and game words a _PLAY post may use without being grim.
_PLAY_WORDS = frozenset(
    [
        "murder", "murders", "murdered", "murderer", "kill", "kills", "killed", "killer",
        "killing", "crime", "crimes", "dead", "death", "deadly", "die", "dies", "ghost", "ghosts",
        "haunted", "haunt", "witch", "witches", "foul", "zombie", "zombies", "scary", "shoot",
        "shooting", "blood", "bloody", "evil", "wicked", "monster", "monsters", "fright",
        "scream", "screams", "horror", "villain", "villains", "poison", "poisoned", "victim",
        "creepy", "terror", "terrifying", "grave", "graves", "skeleton", "skeletons", "demon",
        "devil", "battle", "fight", "weapon", "weapons", "escape", "trapped", "mystery",
        "suspect", "suspects", "guilty", "faint-hearted", "hearted", "afraid", "scared",
        "frightening", "spooky", "nightmare", "curse", "cursed", "war", "hell"
    ])
#: A problem inside an if-clause anywhere in a sentence that offers help: "Speak to your GP
#: if you have any worries".
_IF_CLAUSE = re.compile(
    r"\bif (?:you|you're|youre|you've|you have|anyone|someone|your|a friend|a neighbour|"
    r"a loved one)\b[^,;:.!?]*", FLAGS)
#: Reader-addressed problem frames: "If you're feeling low", "Worried about bills?".
#: "Hate crime is never acceptable", "Abuse is never your fault": a stand against a problem.
_NEVER_OK = re.compile(
    r"^((?:\S+ ){1,3})(?:is|are|was) (?:never|not|not ever) (?:ok|okay|acceptable|your fault|"
    r"the answer|normal|right|something you have to|a part of|welcome|tolerated)\b")
_IF_FRAME = re.compile(
    r"^(?:and |but |so )?(?:if|when|whether) (?:you|you're|youre|you've|anyone|someone|your|"
    r"a friend|a neighbour|a loved one|people|we)\b[^,;:.!?]*", FLAGS)
_QUESTION_FRAME = re.compile(
    r"^(?:are you |is |do you |does |have you |anyone |feeling |worried |struggling |"
    r"finding |lonely|stressed|anxious|bored|fed up|stuck|concerned|having |need |"
    r"sick of |tired of |not sure|unsure|in debt|behind on|can't |cannot |don't )", FLAGS)
#: How things are, in a post about repairing, reusing or donating them ("bring your broken
#: toasters"): a description, not a complaint.
_CONDITION = frozenset(
    [
        "broken", "torn", "damaged", "faulty", "worn", "ripped", "cracked", "leaky", "leaking",
        "wobbly", "unwanted", "tatty", "bust", "dead", "stained", "scratched", "dented", "old",
        "unused", "spare", "missing", "lost"
    ])
_REPAIR = re.compile(
    r"\b(?:repair\w*|fix(?:es|ed|ing)?|mend\w*|recycl\w*|upcycl\w*|donat\w*|swap\w*|reus\w*|"
    r"re-us\w*|refurbish\w*|restor\w*|declutter\w*|clear(?:ing)? out|found|lost and found|"
    r"handed in|reunite\w*|(?:lost|missing|stray|stolen) (?:\w+ )?(?:dog|cat|pet|puppy|"
    r"kitten|tortoise|rabbit|parrot|bird|keys?|purse|wallet|phone|bag|ring|glasses|teddy|"
    r"toy|bike|scooter|bracelet|necklace|watch)s?|(?:dog|cat|pet|puppy|kitten|keys|purse|"
    r"wallet|phone|bike) (?:is |has gone |went |gone )?(?:lost|missing))\b", FLAGS)
_DISCOURSE = frozenset({"honestly", "seriously", "frankly", "literally", "genuinely"})
_NEGATORS = frozenset({"nobody", "noone", "no-one"})
_FUN_NAME = re.compile(
    r"\bfun (?=(?:day|run|fair|palace|zone|night|week|session|bus|club|morning|afternoon|"
    r"evening|festival|walk|quiz|family)s?\b)", FLAGS)
_FAREWELL = re.compile(
    r"\b(?:sad|sorry|gutted) to (?=say goodbye|see (?:\S+ ){0,3}(?:go|leave|retire|move on)\b|"
    r"be leaving|wave goodbye|"
    r"bid farewell|lose|leave|say farewell)", FLAGS)
_NO_NEED_TO = re.compile(
    r"\b(?:no need to|nothing to|never need to|don't need to|do not need to|won't have to|"
    r"don't have to|do not have to|needn't|need not|without having to) (?:\S+ )?", FLAGS)

_PUNCT = string.punctuation
_WS_LEFT = re.compile(r"^\s*")
_TOKEN_SPLIT = re.compile(r"\S+")
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
#: A word in capitals: "(?<![\w@#/.])[A-Z][A-Z']*[A-Z]...", with the look-behind moved after
#: the first capital (it looks back over it) so the pattern starts with a character set and
#: Python's engine skips straight to the capitals.
_SHOUT_WORD = re.compile(r"[A-Z](?<![\w@#/.][A-Z])[A-Z']*[A-Z](?![\w@/]|\.\w)")
_SHOUT_PUNCT = re.compile(r"!{3,}|\?{3,}|[?!]*(?:\?!|!\?)[?!]*")
#: Every match of _SHOUT_PUNCT holds one of these.
_SHOUT_PUNCT_NEEDS = ("!!!", "???", "?!", "!?")
_VOWELS = re.compile(r"[aeiouy]+")
_SILENT = re.compile(
    r"[aeiouy][^aeiouy\W]*(?:[^aeiouy\Wl]e|[^aeiouy\Wtd]ed|[^aeiouy\Wsxzcg]es)\b")
#: _SILENT for the words written backwards: a match ends a word, so backwards it starts one,
#: at an e, d or s, which the engine can skip to (four times faster, the same count).
_SILENT_REVERSED = re.compile(
    r"(?:e(?<=\be)[^aeiouy\Wl]|d(?<=\bd)e[^aeiouy\Wtd]|s(?<=\bs)e[^aeiouy\Wsxzcg])"
    r"[^aeiouy\W]*[aeiouy]")
_HAS_VOWEL = re.compile(r"\b[^\W\d_]*?[aeiouy]")
_ROMAN = re.compile(
    r"^(?=[MDCLXVI]+$)M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")


@dataclass(frozen=True, slots=True)
class ToneSettings:
    """What the policy data can tune. Phrases are regular expressions (case-insensitive)."""

    #: Capitalised words that are names, not shouting (RWT, NHS, CW9 is skipped anyway).
    acronyms: frozenset[str] = frozenset()
    #: Sarcasm that reads as sarcasm wherever it is ("thanks for nothing").
    sarcasm: tuple[str, ...] = ()
    sarcasm_valence: float = -1.6
    #: Blame and sarcasm markers that only count in a sentence that is already negative.
    blame: tuple[str, ...] = ()
    blame_valence: float = -0.9
    #: Cold, threatening wording ("will not be tolerated").
    cold: tuple[str, ...] = ()
    cold_valence: float = -1.4
    #: Bureaucratic wording ("residents are reminded").
    formal: tuple[str, ...] = ()
    formal_valence: float = -0.4
    #: A sentence at or below this reads clearly negative.
    negative_below: float = -0.45
    #: A sentence at or below this pulls the tone down (listed, and a warning when the
    #: whole post is negative too).
    mild_below: float = -0.25
    #: The post reads negative at or below this.
    post_negative_below: float = -0.25
    #: The post reads warm at or above this.
    warm_above: float = 0.3
    #: Hostile: negative at or below this with contempt, shouting or sarcasm.
    hostile_below: float = -0.5
    #: Shouting: this many shouted words in one post reads as shouting, not a heading.
    shout_warn_words: int = 5
    #: Share of a sentence's words in capitals that makes it a shouted sentence.
    shout_sentence_ratio: float = 0.5
    #: Readability is judged on posts of at least this many words.
    readability_min_words: int = 60
    #: Flesch reading ease below this reads hard for a community audience.
    readability_hard_below: float = 50.0
    #: Sentences scored in full detail; later ones get a faster estimate.
    detailed_sentences: int = 400
    #: Practical news that has to be given ("cancelled", "closed", "due to the storm"): a
    #: sentence with it that does not vent or insult is curt, not cross.
    notice: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceScore:
    start: int
    end: int
    score: float
    hostile: bool = False
    offers_help: bool = False
    #: The writer's own frustration ("fed up", "gutted").
    vented: bool = False
    #: Vented only as sadness at bad luck ("gutted"): a next step after it settles it.
    sad: bool = False


@dataclass(frozen=True, slots=True)
class MarkerHit:
    kind: str  # "sarcasm", "blame", "cold", "formal"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ShoutRun:
    """Consecutive words in capitals (or a run of !!! / ?!?!) in one sentence."""

    start: int
    end: int
    words: int
    punctuation: bool = False
    #: The sentence it is in is mostly capitals.
    whole_sentence: bool = False


@dataclass(frozen=True, slots=True)
class ToneAnalysis:
    """Everything the tone rules need about one post, worked out once."""

    report: ToneReport
    sentences: tuple[SentenceScore, ...] = ()
    markers: tuple[MarkerHit, ...] = ()
    shouting: tuple[ShoutRun, ...] = ()
    shouted_words: int = 0
    reading_ease: float | None = None
    words: int = 0
    #: The sentence with the lowest reading ease among the long ones, if any.
    hardest_sentence: tuple[int, int] | None = None
    sombre: bool = False
    offers_help: bool = False
    extras: dict[str, float] = field(default_factory=dict)


_AMERICAN = (
    (re.compile(r"^(un|dis)?(col|fav|hon|hum|lab|neighb|behavi|harb|vig|val|rig|savi|flav|cand|"
                r"clam|ferv|od|rum|splend|ard|vap|ranc|arm|glam)or(s|ed|ing|ful|fully|ite|ites|"
                r"able|ably|less)?$"), r"\1\2our\3"),
    (re.compile(r"(?<=[a-z]{2})iz(e|ed|es|ing|ation|ations)$"), r"is\1"),
    (re.compile(r"(?<=[a-z]{2})yz(e|ed|es|ing)$"), r"ys\1"),
    (re.compile(r"^coz(y|ier|iest|ily)$"), r"cos\1"),
    (re.compile(r"(?<=[a-z]{3})er$"), "re"),
)


def british_spellings(lexicon: Mapping[str, float]) -> dict[str, float]:
    """British spellings of VADER's American words ("cosy", "favourite", "apologise").

    Only words that are not in the lexicon already are added, so nothing VADER rated changes.
    """
    out: dict[str, float] = {}
    for word, value in lexicon.items():
        if not word.isalpha():
            continue
        for rx, repl in _AMERICAN[:-1]:
            uk = rx.sub(repl, word)
            if uk != word and uk not in lexicon:
                out[uk] = value
        if word in ("center", "theater", "somber", "meager"):
            out[word[:-2] + "re"] = value
    return out


def plural_insults(lexicon: Mapping[str, float]) -> dict[str, float]:
    """Plurals of VADER's strongly negative nouns ("idiots", "liars", "morons").

    VADER rates "idiot" at -2.3 but has no "idiots", so "the council are a bunch of idiots"
    read as mildly positive. Only plain words rated -1.5 or lower get an "-s" form, and only
    where the lexicon has none already, so nothing VADER rated changes.
    """
    out: dict[str, float] = {}
    for word, value in lexicon.items():
        if value > -1.5 or not word.isalpha() or not word.islower() or len(word) < 3:
            continue
        if word.endswith(("s", "y", "ed", "ing", "ly", "ful", "ous", "ive", "ic", "al", "ish")):
            continue  # adjectives, verbs and words whose plural is not "-s"
        plural = word + "s"
        if plural not in lexicon:
            out[plural] = value
    return out


def _compile(patterns: Iterable[str]) -> re.Pattern[str] | None:
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS)


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    """Flesch (1948): 206.835 - 1.015 words/sentence - 84.6 syllables/word."""
    if words <= 0:
        return 100.0
    sentences = max(sentences, 1)
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def count_syllables(text: str) -> tuple[int, int]:
    """(words, syllables) of ``text`` by vowel groups, less a silent final e / -ed / -es.

    Every word has at least one syllable. Done with whole-text regexes, not a loop per word,
    so a long post costs little; it is an estimate, as every syllable counter is.
    """
    return _syllables(text.lower())


def _syllables(low: str) -> tuple[int, int]:
    """count_syllables of text already lower-cased."""
    words = _WORDS.findall(low)
    n = len(words)
    if not n:
        return 0, 0
    joined = " ".join(words)
    groups = len(_VOWELS.findall(joined))
    # The joined words hold only letters, apostrophes and spaces, so each word has at most
    # one _SILENT match, at its end; _SILENT_REVERSED finds the same ones from the other side.
    silent = len(_SILENT_REVERSED.findall(joined[::-1]))
    vowelless = n - len(_HAS_VOWEL.findall(joined))
    return n, max(groups - silent + max(vowelless, 0), n)


class ToneAnalyser:
    """Scores tone with VADER plus the community adjustments. Build once, reuse."""

    def __init__(self, settings: ToneSettings | None = None) -> None:
        self.settings = settings or ToneSettings()
        # Our own instance: the lexicon changes below touch no one else's analyser.
        self._sia = SentimentIntensityAnalyzer()
        self._sia.lexicon.update(british_spellings(self._sia.lexicon))
        self._sia.lexicon.update(plural_insults(self._sia.lexicon))
        self._sia.lexicon.update(LEXICON_UPDATES)
        self._lexicon = self._sia.lexicon
        # An emoji is read for its words only when they are not gloomy, or when it plainly
        # means anger: in community posts 😭, 💣, 🎃, ⏰ and ♿ decorate good news ("cake
        # stall went like a bomb 💣"), and VADER's "loudly crying face", "bomb" or "skull"
        # made them read as sad.
        self._emojis = {e: words for e, words in self._sia.emojis.items()
                        if e in ANGRY_EMOJI or not any(
                            self._lexicon.get(w, 0.0) < 0 for w in words.lower().split())}
        s = self.settings
        self._acronyms = frozenset(a.upper() for a in s.acronyms)
        self._idioms = re.compile(
            "|".join(rf"\b{re.escape(k)}\b" for k in sorted(IDIOMS, key=len, reverse=True)))
        self._help_object = re.compile(rf"\b(?:{_HELP_VERBS})\b((?: \S+){{1,3}})")
        self._service = re.compile(rf"((?:\S+ ){{1,2}})(?:{_HELP_NOUNS})\b")
        self._no_burden = re.compile(rf"\bno (?:{_NO_BURDEN})\b")
        self._offer = re.compile(rf"\b(?:{_OFFER})\b", FLAGS)
        self._sombre = re.compile(rf"(?:{_SOMBRE})", FLAGS)
        self._hostile = re.compile(rf"\b(?:{_HOSTILE})\b", FLAGS)
        self._vented = re.compile(rf"\b(?:{_VENTED})\b", FLAGS)
        self._sad = re.compile(rf"\b(?:{_SAD})\b", FLAGS)
        self._notice = _compile(s.notice)
        self._markers: list[tuple[str, re.Pattern[str], float]] = []
        for kind, patterns, valence in (
            ("sarcasm", s.sarcasm, s.sarcasm_valence),
            ("blame", s.blame, s.blame_valence),
            ("cold", s.cold, s.cold_valence),
            ("formal", s.formal, s.formal_valence),
        ):
            rx = _compile(patterns)
            if rx is not None:
                self._markers.append((kind, rx, valence))
        # The whole-post scans, each skipped when none of the literals its every match needs
        # is in the post: one Aho-Corasick pass answers for all of them.
        self._sentence_gate = _Gate([self._help_object, self._no_burden, _NO_NEED_TO, _FAREWELL,
                                     self._idioms])
        self._gate = _Gate([self._offer, self._hostile, self._vented, _REPAIR, self._sombre,
                            self._sad, _PLAY]
                           + [rx for _, rx, _ in self._markers])

    # ------------------------------------------------------------------ public

    def analyse(self, text: str, spans: Sequence[tuple[int, int]] | None = None,
                norm: str | None = None) -> ToneAnalysis:
        """Score ``text``. ``spans``/``norm`` let the engine pass what it already has."""
        if not isinstance(text, str) or not text.strip():
            return ToneAnalysis(report=ToneReport(score=0.0, label="neutral"))
        if norm is None or len(norm) != len(text):
            norm = normalise(text)
        lower = _lower_same_length(norm)
        if spans is None:
            spans = Sentences(norm).spans
        s = self.settings
        trimmed = [_trim(norm, a, b) for a, b in spans]
        trimmed = [(a, b) for a, b in trimmed if b > a]

        tokens_all = norm.split()
        caps = sum(map(str.isupper, tokens_all))
        is_cap_diff = 0 < caps < len(tokens_all)

        starts = [a for a, _ in trimmed]
        can = self._gate.possible(lower)
        offer_in = _sentences_with(self._offer, lower, starts) if can(self._offer) else set()
        hostile_in = (_sentences_with(self._hostile, lower, starts) if can(self._hostile)
                      else set())
        vented_in = (_sentences_with(self._vented, lower, starts) if can(self._vented)
                     else set())
        sad_in = _sentences_with(self._sad, lower, starts) if can(self._sad) else set()
        offers_help = bool(offer_in)
        repair = can(_REPAIR) and _REPAIR.search(lower) is not None
        play = can(_PLAY) and _PLAY.search(lower) is not None
        sombre = can(self._sombre) and self._sombre.search(lower) is not None
        marker_hits = self._find_markers(lower, can)
        shout_runs, shouted_words = self._find_shouting(norm, trimmed)

        scores: list[SentenceScore] = []
        total = 0.0
        marks_by_sentence = _group_by_sentence(marker_hits, trimmed)
        kept_markers: list[MarkerHit] = []
        for i, (a, b) in enumerate(trimmed):
            sentence = norm[a:b]
            detailed = i < s.detailed_sentences
            marks = marks_by_sentence.get(i, ())
            if marks:
                # A marker's own words ("oh great", "thanks for nothing") are not praise:
                # score the sentence without them, then add the marker's valence.
                chars = list(sentence)
                for m in marks:
                    chars[m.start - a:m.end - a] = " " * (m.end - m.start)
                sentence = "".join(chars)
            raw = self._sentence_sum(sentence, is_cap_diff, offers_help, repair, detailed, play)
            extra = sum(self._valence_of(m.kind) for m in marks if m.kind != "blame")
            for m in marks:
                if m.kind == "blame" and raw + extra >= 0 and not _has_negation(sentence):
                    continue  # "as usual" in a friendly sentence is just "as usual"
                if m.kind == "blame":
                    extra += self._valence_of(m.kind)
                kept_markers.append(m)
            ssum = raw + extra
            punct = self._sia._punctuation_emphasis(sentence)
            score = normalize(ssum + punct if ssum > 0 else ssum - punct if ssum < 0 else 0.0)
            hostile = i in hostile_in
            scores.append(SentenceScore(a, b, score, hostile,
                                        i in offer_in or _ADVICE.match(lower, a) is not None,
                                        i in vented_in or i in sad_in,
                                        i in sad_in and i not in vented_in))
            total += ssum

        punct_all = self._sia._punctuation_emphasis(norm)
        compound = _signed(total, punct_all)
        words, sample = self._count_words(norm, trimmed)
        shout_ratio = shouted_words / words if words else 0.0
        # Shouting makes a negative post read angrier (bounded, as VADER's own caps rule).
        if compound < 0 and shout_ratio > 0:
            compound = max(-1.0, compound - 0.2 * min(shout_ratio, 1.0))
        score = max(-1.0, min(1.0, compound))

        moods = self._sentence_moods(norm, scores, kept_markers, trimmed, sombre)
        hostile_any = any(x.hostile and x.score < 0 for x in scores)
        sarcastic = any(m.kind in ("sarcasm", "blame") for m in kept_markers)
        shouting = shouted_words >= s.shout_warn_words or any(r.whole_sentence
                                                              for r in shout_runs)
        if (score <= s.hostile_below and (hostile_any or sarcastic or shouting)) or score <= -0.9:
            label = "hostile"
        elif score <= s.post_negative_below:
            label = "negative"
        elif score >= s.warm_above:
            label = "warm"
        else:
            label = "neutral"
        # Praise elsewhere never hides an insult: a post is no warmer than its worst sentence
        # when that sentence is hostile ("Huge thanks... the council are idiots").
        if "hostile" in moods:
            label = "hostile"
        mood = _post_mood(label, score, moods, shouting)

        reading, hardest = self._readability(norm, words, sample)
        sentences_out = []
        for x, x_mood in zip(scores, moods, strict=True):
            if x.score <= s.mild_below or x_mood:
                sentences_out.append(SentenceTone(
                    x.start, x.end, text[x.start:x.end], x.score,
                    suggest_reframe(norm[x.start:x.end], x.hostile), x_mood))
                if len(sentences_out) >= 100:
                    break
        measures = {
            "shouting_ratio": shout_ratio,
            "shouted_words": float(shouted_words),
            "words": float(words),
            "sentences": float(len(trimmed)),
        }
        if reading is not None:
            measures["reading_ease"] = reading
        report = ToneReport(score=score, label=label, sentences=tuple(sentences_out),
                            measures=measures, mood=mood)
        return ToneAnalysis(
            report=report, sentences=tuple(scores), markers=tuple(kept_markers),
            shouting=tuple(shout_runs), shouted_words=shouted_words, reading_ease=reading,
            words=words, hardest_sentence=hardest, sombre=sombre, offers_help=offers_help,
            extras={"compound": compound})

    def score(self, text: str) -> float:
        """The post-level score alone (-1..1)."""
        return self.analyse(text).report.score

    def _sentence_moods(self, norm: str, scores: Sequence[SentenceScore],
                        markers: Sequence[MarkerHit], spans: Sequence[tuple[int, int]],
                        sombre: bool) -> list[str]:
        """How each sentence sounds: "hostile" (an insult or contempt in a negative
        sentence), "cross" (clearly negative and venting, blaming, sarcastic or stern, or
        negative and not settled the way the tone rule settles it: by practical news, help
        or a next step close after it, or remembering someone), "flat" (a curt or sad
        notice: "Event cancelled.") or "" (fine)."""
        s = self.settings
        pointed = {i for m in markers if m.kind != "formal"
                   for i, (a, b) in enumerate(spans) if a <= m.start < b}
        out: list[str] = []
        for i, x in enumerate(scores):
            if x.score > s.mild_below:
                out.append("")
            elif x.hostile:
                out.append("hostile")
            else:
                settled = (x.sad or sombre or x.offers_help
                           or any(y.offers_help and y.score >= 0 for y in scores[i + 1:i + 4])
                           or (self._notice is not None
                               and self._notice.search(norm, x.start, x.end) is not None))
                venting = (x.vented and not x.sad) or i in pointed
                strong = x.score <= s.negative_below
                out.append("cross" if venting or (strong and not settled) else "flat")
        return out

    # ------------------------------------------------------------------ scoring

    def _valence_of(self, kind: str) -> float:
        s = self.settings
        return {"sarcasm": s.sarcasm_valence, "blame": s.blame_valence,
                "cold": s.cold_valence, "formal": s.formal_valence}[kind]

    def _sentence_sum(self, sentence: str, is_cap_diff: bool, offers_help: bool,
                      repair: bool, detailed: bool, play: bool = False) -> float:
        """The sum of VADER's word valences for one sentence, adjusted."""
        question = sentence.rstrip(" \"')]").endswith("?")
        if not sentence.isascii():
            sentence = self._demojise(sentence)
        raw_words = sentence.split()  # the tokens, punctuation kept
        if not raw_words:
            return 0.0
        # VADER's tokens (SentiText): punctuation stripped unless that leaves two characters
        # or fewer (emoticons). Each token is lower-cased once, here.
        words = [s if len(s := w.strip(_PUNCT)) > 2 else w for w in raw_words]
        lows = list(map(str.lower, words))
        lexicon = self._lexicon
        # A sentence with no lexicon word scores 0 unless an idiom ("fed up") or a called-off
        # event is in it: the cheap test first, VADER's rules only where they can matter.
        felt = not lexicon.keys().isdisjoint(lows)
        total = 0.0
        # VADER's rules look a few words around each word; long runs are scored in windows
        # so one 60,000-character "sentence" stays linear.
        for lo in range(0, len(words), 60):
            chunk = words[lo:lo + 60]
            chunk_low = lows[lo:lo + 60]
            if felt:
                vals = self._vader_valences(chunk, chunk_low, is_cap_diff) if detailed else \
                    self._fast_valences(chunk_low)
            else:
                vals = [0.0] * len(chunk)
            # The adjustments' words: VADER's tokens without edge punctuation (lower-casing
            # and stripping ASCII punctuation commute, so this is strip-then-lower).
            low = [w.strip(_PUNCT) for w in chunk_low]
            joined = " ".join(low)
            # With no feeling word only an idiom or "... is off" can add one.
            if (not any(vals) and "off" not in low
                    and not self._sentence_gate.possible(joined)(self._idioms)):
                continue
            if play:
                for i, w in enumerate(low):
                    if vals[i] < 0 and w in _PLAY_WORDS:
                        vals[i] = 0.0
            self._adjust(chunk, raw_words[lo:lo + 60], vals, offers_help, question, repair,
                         low, joined)
            total += sum(_but(chunk_low, vals))
        return total

    def _demojise(self, sentence: str) -> str:
        emojis = self._emojis
        if not any(c in emojis for c in sentence):
            return sentence
        out = []
        for c in sentence:
            out.append(f" {emojis[c]} " if c in emojis else c)
        return "".join(out)

    def _vader_valences(self, words: list[str], lows: list[str], is_cap_diff: bool
                        ) -> list[float]:
        """VADER's own per-word valences (as in ``polarity_scores``, before "but").

        The same rules, in the same order and arithmetic, as VADER's ``sentiment_valence``
        with its helpers (``scalar_inc_dec``, ``_negation_check``, ``_special_idioms_check``,
        ``_least_check``), on tokens lower-cased once (``lows``) instead of once per look.
        """
        lexicon = self._lexicon
        n = len(words)
        vals: list[float] = []
        for i, low in enumerate(lows):
            if low in BOOSTER_DICT or (low == "kind" and i < n - 1 and lows[i + 1] == "of"):
                vals.append(0.0)
                continue
            valence = lexicon.get(low)
            if valence is None:
                vals.append(0.0)
                continue
            # "no" before another lexicon word negates that word instead of counting itself.
            if low == "no" and i != n - 1 and lows[i + 1] in lexicon:
                valence = 0.0
            if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") or (
                    i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor")):
                valence = lexicon[low] * N_SCALAR
            # A word in capitals among words that are not.
            if words[i].isupper() and is_cap_diff:
                if valence > 0:
                    valence += C_INCR
                else:
                    valence -= C_INCR
            for start_i in range(3):
                j = i - (start_i + 1)
                if i > start_i and lows[j] not in lexicon:
                    # scalar_inc_dec: boosters and dampeners before the word.
                    s = 0.0
                    prev = lows[j]
                    if prev in BOOSTER_DICT:
                        s = BOOSTER_DICT[prev]
                        if valence < 0:
                            s *= -1
                        if words[j].isupper() and is_cap_diff:
                            if valence > 0:
                                s += C_INCR
                            else:
                                s -= C_INCR
                    if start_i == 1 and s != 0:
                        s = s * 0.95
                    if start_i == 2 and s != 0:
                        s = s * 0.9
                    valence = valence + s
                    # _negation_check
                    if start_i == 0:
                        if prev in _VADER_NEGATE or "n't" in prev:
                            valence = valence * N_SCALAR
                    elif start_i == 1:
                        w1 = lows[i - 1]
                        if prev == "never" and (w1 == "so" or w1 == "this"):
                            valence = valence * 1.25
                        elif prev == "without" and w1 == "doubt":
                            pass
                        elif prev in _VADER_NEGATE or "n't" in prev:
                            valence = valence * N_SCALAR
                    else:
                        w1, w2 = lows[i - 1], lows[i - 2]
                        if (prev == "never" and (w2 == "so" or w2 == "this")) or (
                                w1 == "so" or w1 == "this"):
                            valence = valence * 1.25
                        elif prev == "without" and (w2 == "doubt" or w1 == "doubt"):
                            pass
                        elif prev in _VADER_NEGATE or "n't" in prev:
                            valence = valence * N_SCALAR
                        valence = _special_idioms(valence, lows, i)
            # _least_check
            if i > 1 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
                if lows[i - 2] != "at" and lows[i - 2] != "very":
                    valence = valence * N_SCALAR
            elif i > 0 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
                valence = valence * N_SCALAR
            vals.append(valence)
        return vals

    def _fast_valences(self, lows: list[str]) -> list[float]:
        """A cheaper estimate for very long posts: lexicon values with simple negation."""
        lexicon = self._lexicon
        vals = []
        for k, low in enumerate(lows):
            v = lexicon.get(low, 0.0) if low not in BOOSTER_DICT else 0.0
            if v and any(p in _FAST_NEGATE for p in lows[max(k - 3, 0):k]):
                v *= N_SCALAR
            vals.append(v)
        return vals

    def _adjust(self, words: list[str], raw: list[str], vals: list[float], offers_help: bool,
                question: bool, repair: bool, low: list[str], joined: str) -> None:
        """The community adjustments, in place, on one window of words.

        ``words`` are VADER's tokens, ``raw`` the same tokens with their punctuation, ``low``
        the tokens lower-cased without edge punctuation and ``joined`` those joined by spaces.
        Each pattern runs only where its literals are (``can``), and the problem-word steps
        only where a problem word still counts against the sentence: skipping a step that
        could change nothing leaves the result exactly as it was.
        """
        can = self._sentence_gate.possible(joined)
        starts = list(accumulate([len(w) + 1 for w in low], initial=0))

        def index_at(offset: int) -> int:
            return max(bisect.bisect_right(starts, offset) - 1, 0)

        def neutralise(i: int) -> None:
            if 0 <= i < len(vals) and vals[i] < 0 and low[i] not in _JUDGING:
                vals[i] = 0.0

        def neutralise_problem(i: int) -> None:
            if 0 <= i < len(vals) and vals[i] < 0 and low[i] in _PROBLEMS:
                vals[i] = 0.0

        # "Honestly, ..." opens a complaint; it is not praise.
        if low and low[0] in _DISCOURSE and raw[0].endswith(","):
            vals[0] = 0.0
        # Nobody / no one negate the next few words as "not" does for VADER.
        # "Not a single question wrong": "not a single" / "not one" negate the next words.
        if "single" in low or "one" in low:
            for i in range(2, len(low)):
                if low[i] in ("single", "one") and low[i - 1] in ("a", "not") and (
                        low[i - 1] == "not" or low[i - 2] == "not"):
                    for j in range(i + 1, min(i + 4, len(vals))):
                        vals[j] *= N_SCALAR
        if "nobody" in joined or "no one" in joined or "noone" in joined or "no-one" in joined:
            for i in range(len(low)):
                if vals[i] and (any(p in _NEGATORS for p in low[max(i - 3, 0):i])
                                or _no_one_before(low, i)):
                    vals[i] *= N_SCALAR
        if not min(vals) < 0:
            self._add_idioms(joined, low, vals, index_at, can)
            return
        if repair:
            for i, w in enumerate(low):
                if w in _CONDITION and vals[i] < 0:
                    vals[i] = 0.0
        # The next three steps only ever neutralise a problem word that counts against the
        # sentence (and, after one, the verb before it).
        problem = any(v < 0 and w in _PROBLEMS for v, w in zip(vals, low, strict=True))
        # Problem words as the object of help: "tackle loneliness", "report a crime".
        for m in self._help_object.finditer(joined) if problem and can(self._help_object) else ():
            first = index_at(m.start())
            last = index_at(m.end() - 1)
            dealt_with = False
            for i in range(first + 1, last + 1):
                if vals[i] < 0 and low[i] in _PROBLEMS:
                    vals[i] = 0.0
                    dealt_with = True
                if raw[i].endswith(_STOPS):
                    break
            if dealt_with:
                neutralise(first)  # "fight" in "fight crime", "stop" in "stop hate"
        # Problem words naming a service: "crime prevention advice", "debt support".
        for m in self._service.finditer(joined) if problem else ():
            for i in range(index_at(m.start()), index_at(m.end() - 1)):
                neutralise_problem(i)
        # "Hate crime is never acceptable": the problem is what the sentence stands against.
        m = _NEVER_OK.match(joined) if problem else None
        if m:
            for i in range(index_at(m.end(1) - 1) + 1):
                neutralise_problem(i)
        # "no card machine", "no parking": a plain "no" before a word with no feeling is
        # information, not negativity; VADER's -1.2 is for "no" said on its own.
        for i, w in enumerate(low) if "no" in low else ():
            if (w == "no" and vals[i] < 0 and i + 1 < len(low) and low[i + 1]
                    and low[i + 1] not in self._lexicon and low[i + 1] != "one"
                    and not raw[i].endswith(_STOPS)):
                vals[i] *= _PLAIN_NO
        # "no need to book", "free, no charge": "no" is a reassurance here.
        for m in self._no_burden.finditer(joined) if can(self._no_burden) else ():
            i = index_at(m.start())
            vals[i] = 0.0
        # "no need to worry": a negated problem is a mild reassurance.
        for m in _NO_NEED_TO.finditer(joined) if can(_NO_NEED_TO) else ():
            for i in range(index_at(m.start()), index_at(m.end() - 1) + 2):
                if i < len(vals) and low[i] == "no":
                    vals[i] = 0.0
                elif i < len(vals) and vals[i] < 0 and i >= index_at(m.end() - 1):
                    vals[i] *= N_SCALAR
        # A problem the reader may have, in a post that offers help: "If you're feeling
        # low, ...", "Worried about bills? ..."
        if offers_help:
            frame_end = -1
            frame = _IF_FRAME.match(joined)
            if frame:
                frame_end = index_at(max(frame.end() - 1, 0))
                for i in range(len(words)):  # the if-clause ends at the first comma
                    if raw[i].endswith((",", ";", ":")) or i >= frame_end:
                        frame_end = min(frame_end, i)
                        break
            elif question and _QUESTION_FRAME.match(joined):
                frame_end = len(words) - 1
            for i in range(frame_end + 1):
                neutralise(i)
            if "if" in low:
                for m in _IF_CLAUSE.finditer(joined):
                    for i in range(index_at(m.start()), index_at(m.end() - 1) + 1):
                        neutralise(i)
        # "sad to say goodbye": a warm farewell.
        for m in _FAREWELL.finditer(joined) if can(_FAREWELL) else ():
            i = index_at(m.start())
            if vals[i] < 0:
                vals[i] *= 0.3
        self._add_idioms(joined, low, vals, index_at, can)

    def _add_idioms(self, joined: str, low: list[str], vals: list[float],
                    index_at: Callable[[int], int],
                    can: Callable[[re.Pattern[str]], bool]) -> None:
        """Phrases read as one feeling: the valence on the last word, the rest neutral."""
        # "fun day", "fun run": the name of an event, so half the praise of "fun".
        if "fun" in low:
            for m in _FUN_NAME.finditer(joined):
                vals[index_at(m.start())] *= 0.5
        # "the fun day is off": called off, as "cancelled" is for VADER.
        if "off" in low:
            for m in _CALLED_OFF.finditer(joined):
                i = index_at(m.end() - 1)
                if not vals[i]:
                    vals[i] = -1.0
        for m in self._idioms.finditer(joined) if can(self._idioms) else ():
            first = index_at(m.start())
            last = index_at(m.end() - 1)
            for i in range(first, last):
                vals[i] = 0.0
            v = IDIOMS[m.group()]
            if first > 0 and low[first - 1] in _FAST_NEGATE:
                v *= N_SCALAR
            vals[last] = v

    # ------------------------------------------------------------------ markers

    def _find_markers(self, lower: str, can: Callable[[re.Pattern[str]], bool]
                      ) -> list[MarkerHit]:
        hits = []
        for kind, rx, _ in self._markers:
            if not can(rx):
                continue
            for m in rx.finditer(lower):
                if m.end() > m.start():
                    hits.append(MarkerHit(kind, m.start(), m.end()))
        hits.sort(key=lambda h: (h.start, -h.end))
        return hits

    def _find_shouting(self, norm: str, spans: list[tuple[int, int]]
                       ) -> tuple[list[ShoutRun], int]:
        """Runs of words in capitals, acronyms aside, and !!! / ?!?! runs."""
        s = self.settings
        starts = [a for a, _ in spans]
        shouted: list[tuple[int, int, int]] = []  # (start, end, sentence index)
        for m in _SHOUT_WORD.finditer(norm):
            word = m.group().replace("'", "")
            if word in self._acronyms or m.group() in self._acronyms or _ROMAN.match(word):
                continue
            if len(word) < 2:
                continue
            i = max(bisect.bisect_right(starts, m.start()) - 1, 0)
            shouted.append((m.start(), m.end(), i))
        # Short capitals ("DO", "NOT", "BY") count only beside a longer shouted word;
        # alone they are usually initials or names.
        runs: list[list[tuple[int, int, int]]] = []
        for w in shouted:
            if runs and runs[-1][-1][2] == w[2] and _only_gap(norm, runs[-1][-1][1], w[0]):
                runs[-1].append(w)
            else:
                runs.append([w])
        kept_runs = [r for r in runs
                     if len(r) >= 2 or (r[0][1] - r[0][0]) >= 4
                     or norm[r[0][0]:r[0][1]] in _SHORT_SHOUTS]
        total_words = sum(len(r) for r in kept_runs)
        out: list[ShoutRun] = []
        words_in_sentence: dict[int, int] = {}
        shouted_in_sentence: dict[int, int] = {}
        for r in kept_runs:
            shouted_in_sentence[r[0][2]] = shouted_in_sentence.get(r[0][2], 0) + len(r)
        for i in shouted_in_sentence:
            a, b = spans[i]
            words_in_sentence[i] = len(_WORDS.findall(norm[a:b])) or 1
        for r in kept_runs:
            i = r[0][2]
            whole = (shouted_in_sentence[i] >= 3 and shouted_in_sentence[i]
                     >= s.shout_sentence_ratio * words_in_sentence[i])
            out.append(ShoutRun(r[0][0], r[-1][1], len(r), whole_sentence=whole))
        if any(p in norm for p in _SHOUT_PUNCT_NEEDS):
            for m in _SHOUT_PUNCT.finditer(norm):
                out.append(ShoutRun(m.start(), m.end(), 0, punctuation=True))
        out.sort(key=lambda x: x.start)
        return out, total_words

    # ------------------------------------------------------------------ readability

    @staticmethod
    def _count_words(norm: str, spans: list[tuple[int, int]]
                     ) -> tuple[int, tuple[list[tuple[int, int]], int, int] | None]:
        """The post's word count, and the reading-ease sample: (sentences, words, syllables).

        Reading ease is a ratio, so a long post is measured on its first sentences. Counting
        the sample's words also counts most of the post's: lower-casing that keeps the length
        never turns a letter into a non-letter or back, so the sample's count is the post's
        when only white space lies before it and a space right after it.
        """
        if not spans:
            return len(_WORDS.findall(norm)), None
        sample = [sp for sp in spans if sp[1] <= _READABILITY_SAMPLE] or spans[:1]
        a, e = sample[0][0], sample[-1][1]
        segment = norm[a:e]
        low = segment.lower()
        n, syllables = _syllables(low)
        if (len(low) == len(segment) and (a == 0 or norm[:a].isspace())
                and (e == len(norm) or norm[e].isspace())):
            words = n + (len(_WORDS.findall(norm, e)) if e < len(norm) else 0)
        else:
            words = len(_WORDS.findall(norm))
        return words, (sample, n, syllables)

    def _readability(self, norm: str, words: int,
                     counted: tuple[list[tuple[int, int]], int, int] | None
                     ) -> tuple[float | None, tuple[int, int] | None]:
        if words == 0 or counted is None:
            return None, None
        sample, n, syllables = counted
        ease = flesch_reading_ease(n, len(sample), syllables)
        hardest: tuple[int, int] | None = None
        if (words >= self.settings.readability_min_words
                and ease < self.settings.readability_hard_below):
            worst = math.inf
            for a, b in sample[:200]:
                sw, ss = count_syllables(norm[a:b])
                if sw < 12:
                    continue
                e = flesch_reading_ease(sw, 1, ss)
                if e < worst:
                    worst, hardest = e, (a, b)
        return max(0.0, min(ease, 100.0)), hardest


_CALLED_OFF = re.compile(
    r"\b(?:is|are|'s|has been|have been|was|were|been|be) (?:called )?off(?:$|(?= (?:today|"
    r"tonight|tomorrow|this|until|for|due|because|now|sadly|i'm|we're|sorry)\b))|\bcalled off\b")
#: Characters of a long post that its reading ease is measured on.
_READABILITY_SAMPLE = 12_000
#: Short everyday words: in capitals on their own they are emphasis, not initials.
_SHORT_SHOUTS = frozenset([
    "NOT", "NO", "DO", "DON'T", "ALL", "YOU", "OUR", "ARE", "WHY", "HOW", "NOW", "OFF", "OUT",
    "ANY", "WAS", "HAS", "THE", "AND", "BUT", "CAN'T", "WON'T", "ISN'T", "YES"
])
_STOPS = (",", ".", "!", "?", ";", ":")
#: How much of VADER's "no" is left before a word with no feeling of its own.
_PLAIN_NO = 0.35
_FAST_NEGATE = frozenset(
    [
        "not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without", "cannot",
        "can't", "cant", "don't", "dont", "doesn't", "didn't", "isn't", "wasn't", "aren't",
        "weren't", "won't", "wouldn't", "shouldn't", "couldn't", "haven't", "hasn't", "hadn't"
    ])


class _Gate:
    """Which of several regexes can match a post at all, from their literals, in one pass.

    ``literal_triggers`` names literals one of which every match of a pattern contains
    (lower case; the patterns here run on lower-cased text). A pattern none of whose
    literals is in the post cannot match, so its scan is skipped: never a different result,
    only less work. A pattern with no such literals, or one that ignores case (which can
    match characters that lower-case to something else), always runs.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self._bit: dict[int, int] = {}
        self._always = 0
        by_literal: dict[str, int] = {}
        for k, rx in enumerate(patterns):
            bit = 1 << k
            self._bit[id(rx)] = bit
            literals = None if rx.flags & re.IGNORECASE else literal_triggers([rx.pattern])
            if not literals or "(?i" in rx.pattern:
                self._always |= bit
                continue
            for literal in literals:
                by_literal[literal] = by_literal.get(literal, 0) | bit
        self._patterns = list(patterns)  # keeps the ids above valid
        self._finder: Any = None
        if by_literal:
            self._finder = ahocorasick.Automaton()
            for literal, bits in by_literal.items():
                self._finder.add_word(literal, bits)
            self._finder.make_automaton()

    def possible(self, lower: str) -> Callable[[re.Pattern[str]], bool]:
        """For ``lower``: a test of whether a pattern (one given at init) may match."""
        found = self._always
        if self._finder is not None:
            for _, bits in self._finder.iter(lower):
                found |= bits
        bit = self._bit
        return lambda rx: bool(found & bit[id(rx)])


def _signed(total: float, punct: float) -> float:
    if total > 0:
        return normalize(total + punct)
    if total < 0:
        return normalize(total - punct)
    return 0.0


def _but(lows: list[str], vals: list[float]) -> list[float]:
    """VADER's "but" rule by position: before it counts half, after it one and a half."""
    if "but" in lows:
        bi = lows.index("but")
        for i in range(len(vals)):
            if i < bi:
                vals[i] *= 0.5
            elif i > bi:
                vals[i] *= 1.5
    return vals


def _special_idioms(valence: float, lows: list[str], i: int) -> float:
    """VADER's ``_special_idioms_check`` on lower-cased tokens (``i`` is 3 or more).

    Skipped at once when no word near ``i`` belongs to one of its phrases.
    """
    n = len(lows)
    near = lows[i - 3:i + 3]
    if _SPECIAL_WORDS.isdisjoint(near):
        return valence
    w0, w1, w2, w3 = lows[i], lows[i - 1], lows[i - 2], lows[i - 3]
    for seq in (f"{w1} {w0}", f"{w2} {w1} {w0}", f"{w2} {w1}", f"{w3} {w2} {w1}",
                f"{w3} {w2}"):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if n - 1 > i:
        zeroone = f"{w0} {lows[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{w0} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (f"{w3} {w2} {w1}", f"{w3} {w2}", f"{w2} {w1}"):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


_VADER_NEGATE = frozenset(NEGATE)
#: Every word of VADER's special-case phrases and multi-word boosters ("kind of").
_SPECIAL_WORDS = frozenset(
    w for k in list(SPECIAL_CASES) + [b for b in BOOSTER_DICT if " " in b] for w in k.split())


def _no_one_before(low: list[str], i: int) -> bool:
    """"no one" three or four words back: VADER itself already negates after a nearer "no"."""
    return any(low[j] == "no" and low[j + 1] == "one" for j in range(max(i - 4, 0), i - 2))


def _has_negation(sentence: str) -> bool:
    return any(w.strip(_PUNCT).lower() in _FAST_NEGATE or w.lower().endswith("n't")
               for w in sentence.split())


def _only_gap(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return len(gap) <= 3 and not gap.strip(" ,-&/")


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _sentences_with(rx: re.Pattern[str], text: str, starts: list[int]) -> set[int]:
    """Indexes of the sentences (by start offsets) holding a match of ``rx``: one pass."""
    found: set[int] = set()
    for m in rx.finditer(text):
        found.add(max(bisect.bisect_right(starts, m.start()) - 1, 0))
    return found


def _group_by_sentence(hits: Sequence[MarkerHit], spans: list[tuple[int, int]]
                       ) -> Mapping[int, list[MarkerHit]]:
    starts = [a for a, _ in spans]
    out: dict[int, list[MarkerHit]] = {}
    for h in hits:
        i = max(bisect.bisect_right(starts, h.start) - 1, 0)
        out.setdefault(i, []).append(h)
    return out


_CANCELLED = re.compile(r"\b(?:cancel+ed|off|postponed|closed|called off|delayed|shut)\b",
                        FLAGS)
_PEOPLE = re.compile(r"\b(?:people|some|nobody|no one|everyone|whoever|they|certain|"
                     r"residents|kids|folk)\b", FLAGS)


#: The words the tone meter shows for each mood, best first.
MOOD_WORDS: dict[str, str] = {
    "warm": "Warm",
    "friendly": "Friendly",
    "flat": "A bit flat",
    "cross": "Sounds cross",
    "hostile": "Hostile",
}
_MOOD_ORDER = tuple(MOOD_WORDS)


def _post_mood(label: str, score: float, sentence_moods: Sequence[str],
               shouting: bool) -> str:
    """The post's mood from its label, no better than its worst sentence's.

    Hostile is kept for insults, contempt, shouting and the very worst scores; a post that
    is negative with blame or sarcasm ("Yet again the bins...") sounds cross."""
    if label == "hostile" and (shouting or score <= -0.9 or "hostile" in sentence_moods):
        mood = "hostile"
    elif label == "hostile":
        mood = "cross"
    elif label == "warm":
        mood = "warm"
    elif label == "negative":
        mood = "cross" if any(m in ("cross", "hostile") for m in sentence_moods) else "flat"
    else:
        mood = "friendly" if score >= 0.05 else "flat"
    worst = max((_MOOD_ORDER.index(m) for m in sentence_moods if m in ("cross", "hostile")),
                default=0)
    return _MOOD_ORDER[max(_MOOD_ORDER.index(mood), worst)]


#: Which sentences can set each mood, worst first.
_PULLS_DOWN = {"hostile": ("hostile",), "cross": ("hostile", "cross"),
               "flat": ("hostile", "cross", "flat")}


def pulled_down_by(tone: ToneReport) -> SentenceTone | None:
    """The sentence behind the post's mood (the worst of its kind), or None when the post
    reads warm or friendly, or only its length and wording make it flat."""
    for kind in _PULLS_DOWN.get(tone.mood, ()):
        matching = [s for s in tone.sentences if s.mood == kind]
        if matching:
            return min(matching, key=lambda s: s.score)
    if tone.mood in _PULLS_DOWN and tone.sentences and tone.score < 0:
        # The post as a whole reads that way (its shouting or sarcasm, say) though no one
        # sentence does on its own: the least warm sentence is still the place to start.
        return min(tone.sentences, key=lambda s: s.score)
    return None


def mood_words(mood: str) -> str:
    """The meter's words for a mood ("Sounds cross"); "" for an unknown one."""
    return MOOD_WORDS.get(mood, "")


def suggest_reframe(sentence: str, hostile: bool) -> str:
    """A generic, more upbeat framing for a sentence that reads negative."""
    sentence = sentence.lower()
    if _CANCELLED.search(sentence):
        return ("Say what happens next: a new date, or where people can go instead, "
                "and thank everyone for understanding.")
    if hostile:
        return ("Take out the angry words and say calmly what you would like people to do, "
                "and thank those who already do it.")
    if _PEOPLE.search(sentence):
        return ("Ask for help in a positive way: say what you would like people to do and "
                "how they can help.")
    return "Say what will happen next or how people can help."
