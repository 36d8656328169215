"""By-hand check that `lms.quizzes.gift` reads Moodle's own GIFT files as Moodle does.

Not part of the test suite (tests/lms/quizzes/test_gift.py is, on fixtures of our own): Moodle's
files are GPL reference data kept outside the repository, so this runs only where they are:

    .venv/bin/python bench/check_gift_conformance.py [FOLDER]

FOLDER defaults to ../shared/conformance/gift next to the repository. For each of Moodle's three
files it prints how many questions were recognised, the count per type, and every question read
differently from what Moodle's importer gives. What Moodle gives was worked out by hand from
question/format/gift/format.php and its unit tests: the type (multichoice with an `=` answer is
"single", without one "multiple"), whether the text gets the "_____" blank, and the grading facts
(fractions; value, margin and fraction of numerical answers; number of matching pairs; the
true/false answer). The exit status is 1 when anything differs, 0 otherwise (also when the folder
is absent: there is nothing to check).
"""

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lms.quizzes import gift  # noqa: E402  (after the path is set, as a script)

S, M, SA, NUM, MATCH, TF, ESSAY = "single", "multiple", "short", "numerical", "matching", "truefalse", "essay"

# Per question, in file order: (type, blank in the text?, grading facts).
EXPECTED = {
    "moodle-examples.gift": [
        (S, False, (0, 0, 1)), (S, True, (0, 1, 0)), (TF, False, False), (SA, False, (1, 1)),
        (NUM, False, ((1822, 1, 1),)),
        (S, False, (0, 0, 1)), (S, True, (0, 1, 0)), (S, True, (0, 0, 1)), (S, False, (0, 1, 0, 0)),
        (SA, False, (1, 1)), (SA, True, (1, 1)), (TF, False, False), (TF, False, True),
        (MATCH, False, 3), (MATCH, False, 4),
        (NUM, False, ((1822, 0, 1),)), (NUM, True, ((3.1415, 0.0005, 1),)),
        (NUM, True, ((3.1415, 0.0005, 1),)), (NUM, False, ((1822, 0, 1), (1822, 2, 0.5))),
        (NUM, False, ((4, 0, 1),)),
        (SA, False, (1,)), (S, True, (0, 0, 1)), (S, False, (0, 0, 1)), (SA, False, (1, 1)),
        (SA, False, (1, 1)), (TF, False, False), (S, False, (0, 0.5, 1)),
        (S, True, (0, 0.25, 0.5, 1)), (SA, False, (1, 0.75, 0.25)),
        (M, False, (0, 0.5, 0.5, 0)), (M, False, (-0.5, 0.5, 0.5, -0.5)),
        (S, False, (0, 1, 0)), (S, False, (0, 0, 0, 0, 0, 1)),
        (S, False, (0, 0, 1)), (S, True, (0, 1, 0)), (TF, False, False), (SA, False, (1, 1)),
        (NUM, False, ((1822, 5, 1),)), (MATCH, False, 3),
        (S, True, (0, 1, 0)), (S, False, (0, 0.5, 1)), (SA, True, (1, 0.75, 0.25)),
        (NUM, False, ((1822, 0, 1), (1822, 2, 0.5))),
    ],
    "moodle-fixture-questions.gift": [
        (ESSAY, False, None), (MATCH, False, 5), (S, False, (1, 0, 0)), (M, False, (0.5, -1, 0.5, -1)),
        (NUM, True, ((3, 2, 1), (None, 0, 0))), (SA, False, (1, 0.5, 0)), (TF, True, False),
        (TF, False, True), (TF, False, True),
    ],
    "moodle-fixture-in-category.gift": [
        (MATCH, False, 5), (S, False, (0, 1, 0, 0)), (SA, False, (1,)), (TF, False, True),
    ],
}


def facts(question):
    """The grading facts of a parsed question, in the shape of EXPECTED's third item."""
    qtype = question["qtype"]
    if qtype in (S, M):
        return tuple(option["fraction"] for option in question["options"])
    if qtype == SA:
        return tuple(answer["fraction"] for answer in question["answers"])
    if qtype == NUM:
        return tuple((a["value"], a["tolerance"], a["fraction"]) for a in question["answers"])
    if qtype == MATCH:
        return len(question["pairs"])
    if qtype == TF:
        return question["answer"]
    return None


def same(got, expected):
    if isinstance(expected, tuple) and isinstance(got, tuple):
        return len(got) == len(expected) and all(same(g, e) for g, e in zip(got, expected, strict=True))
    if isinstance(expected, bool) or expected is None or got is None:
        return got == expected
    return abs(got - expected) < 1e-9


def check(path, expected):
    """Print the report for one file; the number of differences."""
    try:
        questions = gift.parse(path.read_text(encoding="utf-8"))
    except gift.GiftError as error:
        print(f"{path.name}: not imported\n{error}")
        return 1
    counts = Counter(question["qtype"] for question in questions)
    print(f"{path.name}: {len(questions)} questions recognised (Moodle: {len(expected)})")
    print("  " + ", ".join(f"{qtype} {count}" for qtype, count in counts.most_common()))
    categories = sorted({str(question["category"]) for question in questions})
    print(f"  categories: {', '.join(categories)}")
    differences = 0
    for number, (question, (qtype, blank, grading)) in enumerate(zip(questions, expected, strict=False), 1):
        got = (question["qtype"], gift.BLANK in question["text"], facts(question))
        if got[:2] != (qtype, blank) or not same(got[2], grading):
            differences += 1
            print(f"  question {number} (line {question['line']}): read as {got}, "
                  f"Moodle gives {(qtype, blank, grading)}")
    if len(questions) != len(expected):
        differences += 1
        print(f"  {len(questions)} questions read, Moodle reads {len(expected)}")
    if not differences:
        print("  every question read as Moodle reads it")
    return differences


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "conformance" / "gift"
    if not folder.is_dir():
        print(f"{folder}: no such folder, nothing to check")
        return 0
    differences = sum(check(folder / name, expected) for name, expected in EXPECTED.items())
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
