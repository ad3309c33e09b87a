"""The tone checker's regular expressions, and the gate that skips the ones a post cannot match.

These are language machinery (verb phrases, frames, the syllable counter) rather than word
lists staff tune, so they stay in code; the word lists are in ``resources/tone_words.toml``.
Patterns run on a lower-cased copy of the post: that is three times faster in Python's
engine than re.IGNORECASE over big alternations.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import ahocorasick

from rwt_desktop.core.rules.prefilter import literal_triggers

FLAGS = re.UNICODE

PUNCT = string.punctuation

#: Verbs (and verb phrases) whose object is a problem being dealt with.
HELP_VERBS = (
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
#: Nouns that turn a problem word before them into the name of a service.
HELP_NOUNS = (
    r"prevention|advice|adviser|advisers|advisor|support|awareness|helpline|helplines|"
    r"clinic|cafe|café|workshop|workshops|drop-in|nurse|specialist|champions?|friendly|"
    r"relief|recovery|reduction|management|counselling|counsellor|information|hub|"
    r"appeal|watch|patrol|survivors?|charity|partnership|strategy|project|week|month|"
    r"alerts?|warnings?|research|screening|training|first aid|aid|jabs?|vaccines?|"
    r"vaccinations?|boosters?|checks?|tests?|testing|schemes?|services?|befriending"
)
#: Things a service says there is none of ("no need to book", "no charge").
NO_BURDEN = (
    r"need|charge|charges|cost|costs|fee|fees|booking|referral|referrals|obligation|catch|"
    r"pressure|judgement|judgment|experience|appointment|strings|commitment|hassle|fuss|"
    r"questions|waiting list|limit"
)
#: Offers of help or a next step: a post with one is reassuring, not merely negative.
OFFER = (
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
SOMBRE = (
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
ADVICE = re.compile(
    r"(?:please |and |so )?(?:keep|close|lock|check|make sure|stay|wrap|drink|cover|fit|"
    r"secure|register|hang up|delete|report|call|ring|avoid|allow|look out|watch out|"
    r"take care|remember to|get (?:your|a|an) |book (?:your|a|an|in)|know the signs|"
    r"trust your|(?:please )?(?:don't|do not|never) (?:click|open|give|share|"
    r"leave|hand|pay|send|reply|answer|let|feed|touch|approach|park|put|be|worry))\b")
#: Contempt and insult: what makes negative tone hostile.
HOSTILE = (
    r"disgust\w*|disgrace\w*|pathetic|idiots?|stupid|scum|vile|morons?|selfish|lazy|useless|"
    r"clueless|shambles|fuming|livid|appalling|ridiculous|inconsiderate|disrespectful|filthy|"
    r"absolute joke|total joke|complete joke|shame on (?!us\b|me\b|the (?:weather|rain)\b)|"
    r"how dare|ashamed of (?:you|them|yourselves)|"
    r"(?:absolute|utter|total|load of) rubbish|i hate|we hate|hate (?:it|that|this|people|you)|"
    # Name-calling: "dirty sods", "a pair of tw*ts", "a bloody menace", "sad little people".
    r"sods|tossers?|pillocks?|dickheads?|tw[a*]ts?|numpt(?:y|ies)|sh[i*]tbags?|piss[- ]poor|"
    r"(?:bloody|absolute|a right|a real) menace|sad little (?:people|man|men|person|lot)|"
    r"(?:who|what|where|why) the (?:hell|heck)|pissed off|(?:took|taking) the piss|"
    r"could(?:n'?t| not) care less|give a (?:damn|toss)"
)
#: The writer's own frustration: never "settled" by an offer of help later in the post.
#: The weather as what someone is fed up of: bad luck, not anger at anyone.
WEATHER = (r"(?:the |this |all (?:the |this )?)?(?:rain|weather|wind|snow|cold|heat|drizzle|"
            r"storms?|grey skies|wet weather|mud|ice)\b")
VENTED = (
    rf"fed up(?! (?:of|with) {WEATHER})|sick of(?! {WEATHER})|sick and tired(?! of {WEATHER})|"
    rf"had enough(?! of {WEATHER})|fuming|livid|let (?:us )?down|"
    # "sorry for the disappointment" is an apology, not the writer's own frustration
    r"(?<!sorry for the )(?<!sorry for any )(?<!apologies for the )(?<!apologies for any )"
    r"disappoint\w*|furious|angry|annoyed|frustrat\w*|why do we bother|why bother|"
    r"what'?s the point|can'?t believe|unbelievable|nobody (?:cares|bothered|turned up|helps)|"
    r"no one (?:cares|bothered|turned up|helps)"
)
#: The writer's own sadness at bad luck ("gutted the rain stopped sports day"): frustration
#: like VENTED, but settled when a next step follows ("we'll reschedule soon").
SAD = rf"gutted|heartbroken|devastated|(?:fed up|sick|tired|had enough) (?:of|with) {WEATHER}"
#: Plays, games and spooky fun: a post about one of these ("murder mystery night", "the
#: haunted history walk", "laser tag") tells a story; its murders and ghosts are not news.
PLAY = re.compile(
    r"\b(?:murder myster\w*|whodunn?its?|cluedo|escape rooms?|laser (?:tag|quest)|paintball\w*|"
    r"nerf|panto\w*|drama (?:group|club|society)|theatre|musical|macbeth|shakespeare|"
    r"(?:film|movie|cinema) (?:night|club)|book club|novels?|halloween|haunted|"
    r"ghost (?:walk|tour|hunt|stor(?:y|ies)|train)|zombie|fancy dress|spooky|trick or treat\w*|"
    r"fright night|dungeons)\b", FLAGS)
#: A problem inside an if-clause anywhere in a sentence that offers help: "Speak to your GP
#: if you have any worries".
IF_CLAUSE = re.compile(
    r"\bif (?:you|you're|youre|you've|you have|anyone|someone|your|a friend|a neighbour|"
    r"a loved one|a crime|it's an emergency|there's an emergency)\b[^,;:.!?]*", FLAGS)
#: "Hate crime is never acceptable", "Abuse is never your fault": a stand against a problem.
NEVER_OK = re.compile(
    r"^((?:\S+ ){1,3})(?:is|are|was) (?:never|not|not ever) (?:ok|okay|acceptable|your fault|"
    r"the answer|normal|right|something you have to|a part of|welcome|tolerated)\b")
#: Reader-addressed problem frames: "If you're feeling low", "Worried about bills?".
IF_FRAME = re.compile(
    r"^(?:and |but |so )?(?:if|when|whether) (?:you|you're|youre|you've|anyone|someone|your|"
    r"a friend|a neighbour|a loved one|people|we)\b[^,;:.!?]*", FLAGS)
QUESTION_FRAME = re.compile(
    r"^(?:are you |is |do you |does |have you |anyone |feeling |worried |struggling |"
    r"finding |lonely|stressed|anxious|bored|fed up|stuck|concerned|having |need |"
    r"sick of |tired of |not sure|unsure|in debt|behind on|can't |cannot |don't )", FLAGS)
#: How things are, in a post about repairing, reusing or donating them ("bring your broken
#: toasters"): a description, not a complaint.
REPAIR = re.compile(
    r"\b(?:repair\w*|fix(?:es|ed|ing)?|mend\w*|recycl\w*|upcycl\w*|donat\w*|swap\w*|reus\w*|"
    r"re-us\w*|refurbish\w*|restor\w*|declutter\w*|clear(?:ing)? out|found|lost and found|"
    r"handed in|reunite\w*|(?:lost|missing|stray|stolen) (?:\w+ )?(?:dog|cat|pet|puppy|"
    r"kitten|tortoise|rabbit|parrot|bird|keys?|purse|wallet|phone|bag|ring|glasses|teddy|"
    r"toy|bike|scooter|bracelet|necklace|watch)s?|(?:dog|cat|pet|puppy|kitten|keys|purse|"
    r"wallet|phone|bike) (?:is |has gone |went |gone )?(?:lost|missing))\b", FLAGS)
#: A cancellation notice ("Bingo's cancelled", "Open day called off"), for the curt
#: cancellation step. "Off to Blackpool", "off on a trip" is going somewhere, not called off.
CANCELLED_EVENT = re.compile(
    r"\b(?:cancel+ed|called off|postponed|(?:is|are|'s) off"
    r"(?!\s+(?:to|out|on\s+(?:a|an|her|his|their|our|holiday|holidays|tour))\b))\b", FLAGS)
#: What makes a cancellation kind or plain news rather than curt: a sorry or sadness, a
#: thank-you or a hope, a please, a reason outside anyone's control ("due to the storm"),
#: a next step, a kiss or a heart. Venting is not kindness: "Fun day's off. Gutted." is curt.
SOFTENED = re.compile(
    r"\b(?:sorry|apologi\w*|sadly|sad|unfortunately|afraid|regret\w*|shame|"
    r"hope|hoping|thank\w*|please|understand\w*|due to|because|owing to|"
    r"following|after|cos|as a result|storm|weather|rain|snow|ill|illness|poorly|"
    r"new date|instead|next|again soon|soon|back|rearrang\w*|reschedul\w*|refund\w*|"
    r"take care|stay safe|x|xx|love)\b|[?❤💙💚💛💜🧡🤍🙏😢😞😔☹🙁]", FLAGS)
#: "fun day", "fun run": the name of an event, not praise.
FUN_NAME = re.compile(
    r"\bfun (?=(?:day|run|fair|palace|zone|night|week|session|bus|club|morning|afternoon|"
    r"evening|festival|walk|quiz|family)s?\b)", FLAGS)
#: "sad to say goodbye": a warm farewell.
FAREWELL = re.compile(
    r"\b(?:sad|sorry|gutted) to (?=say goodbye|see (?:\S+ ){0,3}(?:go|leave|retire|move on)\b|"
    r"be leaving|wave goodbye|"
    r"bid farewell|lose|leave|say farewell)", FLAGS)
#: "no need to worry": a negated problem is a mild reassurance.
NO_NEED_TO = re.compile(
    r"\b(?:no need to|nothing to|never need to|don't need to|do not need to|won't have to|"
    r"don't have to|do not have to|needn't|need not|without having to) (?:\S+ )?", FLAGS)

#: A word, for counting words and syllables.
WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
#: A word in capitals: "(?<![\w@#/.])[A-Z][A-Z']*[A-Z]...", with the look-behind moved after
#: the first capital (it looks back over it) so the pattern starts with a character set and
#: Python's engine skips straight to the capitals.
SHOUT_WORD = re.compile(r"[A-Z](?<![\w@#/.][A-Z])[A-Z']*[A-Z](?![\w@/]|\.\w)")
SHOUT_PUNCT = re.compile(r"!{3,}|\?{3,}|[?!]*(?:\?!|!\?)[?!]*")
#: Every match of SHOUT_PUNCT holds one of these.
SHOUT_PUNCT_NEEDS = ("!!!", "???", "?!", "!?")
#: The runs SHOUT_PUNCT's matches lie in (they are all ? and !, two or more): SHOUT_PUNCT can
#: match nothing at most places yet is tried at every one, this skips straight to the runs.
SHOUT_PUNCT_RUN = re.compile(r"[?!]{2,}")
VOWELS = re.compile(r"[aeiouy]+")
SILENT = re.compile(
    r"[aeiouy][^aeiouy\W]*(?:[^aeiouy\Wl]e|[^aeiouy\Wtd]ed|[^aeiouy\Wsxzcg]es)\b")
#: SILENT for the words written backwards: a match ends a word, so backwards it starts one,
#: at an e, d or s, which the engine can skip to (four times faster, the same count).
SILENT_REVERSED = re.compile(
    r"(?:e(?<=\be)[^aeiouy\Wl]|d(?<=\bd)e[^aeiouy\Wtd]|s(?<=\bs)e[^aeiouy\Wsxzcg])"
    r"[^aeiouy\W]*[aeiouy]")
HAS_VOWEL = re.compile(r"\b[^\W\d_]*?[aeiouy]")
ROMAN = re.compile(
    r"^(?=[MDCLXVI]+$)M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")

#: "The fun day is off": called off, as "cancelled" is for VADER.
CALLED_OFF = re.compile(
    r"\b(?:is|are|'s|has been|have been|was|were|been|be) (?:called )?off(?:$|(?= (?:today|"
    r"tonight|tomorrow|this|until|for|due|because|now|sadly|i'm|we're|sorry)\b))|\bcalled off\b")
#: Punctuation that ends a clause: a step about the words after a verb stops there.
STOPS = (",", ".", "!", "?", ";", ":")


def compile_any(patterns: Iterable[str],
                regex: Callable[[str, int], re.Pattern[str]] = re.compile,
                ) -> re.Pattern[str] | None:
    """One pattern matching any of ``patterns``, or None when there are none (compiled by
    ``regex``, which takes the pattern and flags as ``re.compile`` does)."""
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    return regex("|".join(f"(?:{p})" for p in patterns), FLAGS)


class Gate:
    """Which of several regexes can match a post at all, from their literals, in one pass.

    ``literal_triggers`` names literals one of which every match of a pattern contains
    (lower case; the patterns here run on lower-cased text). A pattern none of whose
    literals is in the post cannot match, so its scan is skipped: never a different result,
    only less work. A pattern with no such literals, or one that ignores case (which can
    match characters that lower-case to something else), always runs.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]],
                 literals: Callable[[str], frozenset[str] | None] | None = None) -> None:
        """``literals`` gives one pattern's literals as ``literal_triggers([pattern])``
        does (the checker passes its policy's pattern cache, which keeps them)."""
        self._bit: dict[int, int] = {}
        self._always = 0
        by_literal: dict[str, int] = {}
        for k, rx in enumerate(patterns):
            bit = 1 << k
            self._bit[id(rx)] = bit
            found = (None if rx.flags & re.IGNORECASE
                     else literal_triggers([rx.pattern]) if literals is None
                     else literals(rx.pattern))
            if not found or "(?i" in rx.pattern:
                self._always |= bit
                continue
            for literal in found:
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

