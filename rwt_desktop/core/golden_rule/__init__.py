"""The golden rule as the few questions that matter for one post.

The policy's golden rule asks the writer to read a post back and ask whether it could be
misconstrued as offensive, breaching confidentiality or harmful to RWT. A tick box for that
is easy to tick without thinking; a question about *this* post is not. :func:`golden_questions`
reads the post (its words, its pictures and what the check found) and returns a question for
each thing in it that the checks cannot judge alone: a person it names, a business, a
child, health, money, staffing or a meeting, a change still to come, a picture with people,
a reply to someone. Each question says what it is based on (spans of the post), so the
read-back can show the words.

The questions come from the post's structure (capitalised names, titles, business endings,
ages, "from January", a leading @mention), never from a judgement of what is true, and a
plain event notice raises at most one. Their wording and word lists are data, in
``resources/golden_rule.toml``.

Pure Python with no Qt: the read-back dialog shows the questions, the record keeps the
answers, and the tests run the corpus in ``tests/data/golden-rule/`` through this package.

:mod:`.data` reads the data file, :mod:`.reader` reads the post and :mod:`.questions` turns
what it found into the questions.
"""

from __future__ import annotations

from rwt_desktop.core.golden_rule.data import (
    GoldenRuleData,
    GoldenRuleError,
    builtin_golden_rule,
)
from rwt_desktop.core.golden_rule.questions import (
    MAX_READ_CHARS,
    QUESTION_IDS,
    Answer,
    GoldenQuestion,
    answer_advice,
    golden_questions,
)
from rwt_desktop.core.golden_rule.reader import Basis

__all__ = [
    "MAX_READ_CHARS",
    "QUESTION_IDS",
    "Answer",
    "Basis",
    "GoldenQuestion",
    "GoldenRuleData",
    "GoldenRuleError",
    "answer_advice",
    "builtin_golden_rule",
    "golden_questions",
]
