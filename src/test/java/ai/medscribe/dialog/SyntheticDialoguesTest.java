package ai.medscribe.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.medscribe.corpus.ClinicalNote;
import ai.medscribe.corpus.PhraseBook;
import ai.medscribe.corpus.PhraseMatcher;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyntheticDialoguesTest {

    private static final List<SyntheticDialogue> DIALOGUES = SyntheticDialogues.generate(400, 21);
    private static final SyntheticDialogues.Talk TALK = SyntheticDialogues.talk();
    private static final PhraseBook BOOK = PhraseBook.standard();

    private static final Pattern YES = Pattern.compile("^(Yes|Yeah|Yep|Mm hmm)\\b.*");
    private static final Pattern NO = Pattern.compile("^(No|Nope)\\b.*");
    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

    /** A turn of a conversation. */
    record Turn(boolean doctor, String text) {
    }

    static List<Turn> turns(String dialogue) {
        List<Turn> turns = new ArrayList<>();
        for (String line : dialogue.split("\n")) {
            if (line.startsWith("Doctor: ")) {
                turns.add(new Turn(true, line.substring(8)));
            } else if (line.startsWith("Patient: ")) {
                turns.add(new Turn(false, line.substring(9)));
            } else {
                throw new AssertionError("not a Doctor: or Patient: line: " + line);
            }
        }
        return turns;
    }

    /**
     * The lexical rule that says a phrase is a negative (denied) finding: it starts with no, denies or
     * negative for, or ends with absent, unremarkable, negative or denied.
     */
    static boolean negative(String phrase) {
        String p = phrase.toLowerCase(Locale.ROOT);
        return p.startsWith("no ") || p.startsWith("denies ") || p.startsWith("negative for ") || p.endsWith(" absent")
                || p.endsWith(" unremarkable") || p.endsWith(" negative") || p.endsWith(" denied");
    }

    private static boolean namesKey(String question, List<String> keys) {
        String q = question.toLowerCase(Locale.ROOT);
        return keys.stream().anyMatch(k -> Pattern.compile("\\b" + Pattern.quote(k) + "\\b").matcher(q).find());
    }

    /** The template of one of the book's phrases for a filled phrase. */
    private static String template(Section section, String fact) {
        List<String> w = Tokenizer.words(fact);
        return BOOK.phrases(SyntheticCorpus.Style.COHERENT, section).stream()
                .filter(t -> PhraseMatcher.words(t).size() == w.size() && PhraseMatcher.matchesAt(PhraseMatcher.words(t), w, 0))
                .findFirst().orElseThrow(() -> new AssertionError("no template makes " + fact));
    }

    /** The text with each number slot as its number in digits or in words, as a pattern. */
    private static Pattern said(String text, Map<String, String> slots) {
        Matcher m = SLOT.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(Pattern.quote(text.substring(last, m.start())));
            String v = slots.get(m.group(1));
            out.append("(").append(Pattern.quote(SpokenNumbers.say(v, false))).append("|")
                    .append(Pattern.quote(SpokenNumbers.say(v, true))).append(")");
            last = m.end();
        }
        out.append(Pattern.quote(text.substring(last)));
        return Pattern.compile(out.toString(), Pattern.CASE_INSENSITIVE);
    }

    @Test
    void sameSeedGivesSameDialoguesAndOtherSeedsDiffer() {
        assertEquals(DIALOGUES, SyntheticDialogues.generate(400, 21));
        assertNotEquals(DIALOGUES.stream().map(SyntheticDialogue::dialogue).toList(),
                SyntheticDialogues.generate(400, 22).stream().map(SyntheticDialogue::dialogue).toList());
    }

    @Test
    void sectionsAreTheCoherentCorpusNotesAndTheFactsJoinToThem() {
        List<ClinicalNote> notes = new SyntheticCorpus(SyntheticCorpus.Style.COHERENT, 0).generate(400, 21);
        for (int i = 0; i < notes.size(); i++) {
            SyntheticDialogue d = DIALOGUES.get(i);
            assertEquals(SyntheticDialogue.HEADERS, List.copyOf(d.sections().keySet()));
            for (Section s : Section.SOAP) {
                MtsHeader h = SyntheticDialogues.header(s);
                assertEquals(notes.get(i).sections().get(s), d.sections().get(h), d.id() + " " + h);
                assertEquals(d.sections().get(h), String.join(" ", d.facts().get(h)), d.id() + " " + h);
            }
        }
    }

    @Test
    void pairsAreOneASectionWithTheSameConversation() {
        List<DialogPair> pairs = SyntheticDialogues.pairs(DIALOGUES);
        assertEquals(5 * DIALOGUES.size(), pairs.size());
        assertEquals(pairs.size(), pairs.stream().map(DialogPair::id).distinct().count());
        SyntheticDialogue d = DIALOGUES.get(0);
        List<DialogPair> first = d.pairs();
        assertEquals(SyntheticDialogue.HEADERS, first.stream().map(DialogPair::header).toList());
        first.forEach(p -> {
            assertEquals(d.dialogue(), p.dialogue());
            assertEquals(d.sections().get(p.header()), p.section());
        });
    }

    @Test
    void spansFollowTheNoteAndHoldTheirSectionsTalk() {
        for (SyntheticDialogue d : DIALOGUES) {
            String[] lines = d.dialogue().split("\n");
            int end = 0;
            for (MtsHeader h : SyntheticDialogue.HEADERS) {
                SyntheticDialogue.Span span = d.spans().get(h);
                assertTrue(span.from() >= end && span.to() > span.from(), d.id() + " " + h + " " + span);
                end = span.to();
            }
            assertTrue(end <= lines.length);
            for (int i = 0; i < lines.length; i++) {
                boolean vitals = lines[i].startsWith("Doctor: Your blood pressure is");
                SyntheticDialogue.Span exam = d.spans().get(MtsHeader.EXAM);
                assertTrue(!vitals || (i >= exam.from() && i < exam.to()), d.id() + " line " + i);
            }
            SyntheticDialogue.Span hpi = d.spans().get(MtsHeader.GENHX);
            assertTrue(lines[hpi.from()].startsWith("Doctor: "), d.id());
        }
    }

    @Test
    void anExcerptIsTheSectionsTurnsWidenedOnBothSidesWithinItsWords() {
        int limit = SyntheticDialogue.EXCERPT_WORDS;
        for (SyntheticDialogue d : DIALOGUES.subList(0, 100)) {
            List<String> lines = List.of(d.dialogue().split("\n"));
            for (MtsHeader h : SyntheticDialogue.HEADERS) {
                String excerpt = d.excerpt(h, limit);
                List<String> own = lines.subList(d.spans().get(h).from(), d.spans().get(h).to());
                int from = java.util.Collections.indexOfSubList(lines, List.of(excerpt.split("\n")));
                assertTrue(from >= 0, "not a run of the conversation's turns: " + d.id() + " " + h);
                int to = from + excerpt.split("\n").length;
                assertTrue(from <= d.spans().get(h).from() && to >= d.spans().get(h).to(), d.id() + " " + h);
                int words = words(excerpt);
                assertTrue(words <= Math.max(limit, words(String.join("\n", own))), d.id() + " " + h + " " + words);
                // widened as far as the words allow: neither neighbour turn fits
                assertTrue(from == 0 || words + words(lines.get(from - 1)) > limit, d.id() + " " + h);
                assertTrue(to == lines.size() || words + words(lines.get(to)) > limit, d.id() + " " + h);
            }
            List<DialogPair> pairs = d.excerptPairs(limit);
            assertEquals(SyntheticDialogue.HEADERS, pairs.stream().map(DialogPair::header).toList());
            pairs.forEach(p -> assertEquals(d.excerpt(p.header(), limit), p.dialogue()));
        }
        // a limit below the section's own turns keeps them whole
        SyntheticDialogue d = DIALOGUES.get(0);
        SyntheticDialogue.Span exam = d.spans().get(MtsHeader.EXAM);
        assertEquals(String.join("\n", List.of(d.dialogue().split("\n")).subList(exam.from(), exam.to())),
                d.excerpt(MtsHeader.EXAM, 1));
        assertEquals(5 * 3, SyntheticDialogues.excerptPairs(DIALOGUES.subList(0, 3), limit).size());
    }

    private static int words(String text) {
        return text.strip().split("\\s+").length;
    }

    @Test
    void theTableSaysEveryPhraseAndItsPolarityFollowsTheLexicalRule() {
        for (Section s : List.of(Section.HPI, Section.ROS)) {
            for (String t : BOOK.phrases(SyntheticCorpus.Style.COHERENT, s)) {
                if (t.equals(BOOK.hpiOpener())) {
                    assertTrue(TALK.openers().containsKey(t));
                    continue;
                }
                SyntheticDialogues.Talk.Ask a = TALK.ask().get(t);
                assertTrue(a != null, "no question for " + t);
                assertEquals(!negative(t), a.yes(), "polarity of " + t);
                assertTrue(namesKey(a.question(), a.keys()), "the question for '" + t + "' names none of " + a.keys());
            }
        }
        for (Section s : List.of(Section.EXAM, Section.PLAN)) {
            for (String t : BOOK.phrases(SyntheticCorpus.Style.COHERENT, s)) {
                assertTrue(t.equals(BOOK.vitalsPhrase()) || TALK.say().containsKey(t), "no words for " + t);
            }
        }
        BOOK.conditions().forEach(c -> {
            assertTrue(TALK.assessment().containsKey(c.id()), c.id());
            c.variants().forEach(v -> assertTrue(TALK.qualifiers().containsKey(v.qualifier()), v.qualifier()));
        });
    }

    /**
     * The rule: for every HPI and ROS fact but the opener, some doctor's question naming one of the
     * fact's key words is answered in the next turn by the patient, yes-type for a positive fact,
     * no-type for a negative one (by the lexical rule); and the patient's yes-type and no-type answers
     * are exactly as many as the positive and negative facts.
     */
    @Test
    void positivesAreAnsweredYesAndNegativesNoToAQuestionNamingThem() {
        for (SyntheticDialogue d : DIALOGUES) {
            List<Turn> turns = turns(d.dialogue());
            int positives = 0;
            int negatives = 0;
            for (MtsHeader h : List.of(MtsHeader.GENHX, MtsHeader.ROS)) {
                Section s = h == MtsHeader.GENHX ? Section.HPI : Section.ROS;
                for (String fact : d.facts().get(h)) {
                    if (fact.equals(BOOK.hpiOpener())) {
                        assertTrue(turns.stream().anyMatch(t -> t.doctor()
                                && TALK.openers().get(fact).contains(t.text())), d.id() + ": no opening question");
                        continue;
                    }
                    String t = template(s, fact);
                    boolean neg = negative(t);
                    List<String> keys = TALK.ask().get(t).keys();
                    Pattern answer = neg ? NO : YES;
                    boolean found = false;
                    for (int i = 0; i + 1 < turns.size() && !found; i++) {
                        found = turns.get(i).doctor() && !turns.get(i + 1).doctor() && namesKey(turns.get(i).text(), keys)
                                && answer.matcher(turns.get(i + 1).text()).matches();
                    }
                    assertTrue(found, d.id() + ": '" + fact + "' is not answered " + (neg ? "no" : "yes") + "\n" + d.dialogue());
                    if (neg) {
                        negatives++;
                    } else {
                        positives++;
                    }
                }
            }
            long yes = turns.stream().filter(t -> !t.doctor() && YES.matcher(t.text()).matches()).count();
            long no = turns.stream().filter(t -> !t.doctor() && NO.matcher(t.text()).matches()).count();
            assertEquals(positives, yes, d.id());
            assertEquals(negatives, no, d.id());
        }
    }

    @Test
    void theVitalsNumbersAreReadOutInDigitsOrWordsAndBothHappen() {
        Pattern vitals = Pattern.compile("vitals BP (\\d+/\\d+) HR (\\d+) RR (\\d+) temp (\\d+\\.\\d) SpO2 (\\d+%)");
        int inWords = 0;
        int inDigits = 0;
        for (SyntheticDialogue d : DIALOGUES) {
            Matcher m = vitals.matcher(d.sections().get(MtsHeader.EXAM));
            assertTrue(m.find(), d.id());
            for (int g = 1; g <= 5; g++) {
                Pattern digits = Pattern.compile("\\b" + Pattern.quote(SpokenNumbers.say(m.group(g), false)) + "\\b");
                Pattern words = Pattern.compile("\\b" + Pattern.quote(SpokenNumbers.say(m.group(g), true)) + "\\b");
                boolean w = words.matcher(d.dialogue()).find();
                boolean dg = digits.matcher(d.dialogue()).find();
                assertTrue(w || dg, d.id() + ": " + m.group(g) + " is not read out\n" + d.dialogue());
                inWords += w ? 1 : 0;
                inDigits += dg ? 1 : 0;
            }
        }
        assertTrue(inWords > 500 && inDigits > 500, "words " + inWords + ", digits " + inDigits);
    }

    @Test
    void examFindingsAssessmentsAndPlansAreSaidByTheDoctor() {
        for (SyntheticDialogue d : DIALOGUES) {
            String doctor = String.join("\n", turns(d.dialogue()).stream().filter(Turn::doctor).map(Turn::text).toList());
            for (String fact : d.facts().get(MtsHeader.EXAM)) {
                String t = template(Section.EXAM, fact);
                if (!t.equals(BOOK.vitalsPhrase())) {
                    assertTrue(said(TALK.say().get(t), Map.of()).matcher(doctor).find(), d.id() + ": " + fact);
                }
            }
            for (String fact : d.facts().get(MtsHeader.PLAN)) {
                String t = template(Section.PLAN, fact);
                assertTrue(said(TALK.say().get(t), SyntheticDialogues.slots(t, fact)).matcher(doctor).find(),
                        d.id() + ": " + fact + "\n" + doctor);
            }
            for (String fact : d.facts().get(MtsHeader.ASSESSMENT)) {
                PhraseBook.Condition c = BOOK.conditions().stream()
                        .filter(k -> PhraseMatcher.matchesAt(PhraseMatcher.words(k.name()), Tokenizer.words(fact), 0))
                        .findFirst().orElseThrow();
                List<String> w = List.of(fact.split(" "));
                String qualifier = String.join(" ", w.subList(PhraseMatcher.words(c.name()).size(), w.size()));
                Map<String, String> slots = SyntheticDialogues.slots(c.name() + " " + qualifier, fact);
                assertTrue(said(TALK.assessment().get(c.id()), slots).matcher(doctor).find(), d.id() + ": " + fact);
                assertTrue(said(TALK.qualifiers().get(qualifier), Map.of()).matcher(doctor).find(), d.id() + ": " + fact);
            }
        }
    }

    @Test
    void offTopicTalkOpensAndClosesEveryConversationAndHoldsNoFact() {
        FactScore score = FactScore.standard();
        Set<List<String>> smallTalk = new HashSet<>(TALK.smallTalk());
        int withSmallTalk = 0;
        for (SyntheticDialogue d : DIALOGUES) {
            List<Turn> turns = turns(d.dialogue());
            List<String> first = List.of(turns.get(0).text(), turns.get(1).text());
            List<String> last = List.of(turns.get(turns.size() - 2).text(), turns.get(turns.size() - 1).text());
            assertTrue(TALK.greetings().contains(first), d.id() + " opens with " + first);
            assertTrue(TALK.closings().contains(last), d.id() + " closes with " + last);
            for (int i = 0; i + 1 < turns.size(); i++) {
                if (smallTalk.contains(List.of(turns.get(i).text(), turns.get(i + 1).text()))) {
                    withSmallTalk++;
                    break;
                }
            }
        }
        assertTrue(withSmallTalk > 200 && withSmallTalk < 360, "small talk in " + withSmallTalk);
        List<String> offTopic = new ArrayList<>();
        for (List<List<String>> exchanges : List.of(TALK.greetings(), TALK.smallTalk(), TALK.closings())) {
            exchanges.forEach(offTopic::addAll);
        }
        FactScore.Result r = score.score(MtsHeader.PLAN, String.join(" ", offTopic), Map.of());
        assertEquals(0, r.found(), "off-topic talk states " + r);
    }

    @Test
    void spokenNumbers() {
        assertEquals("one thirty two over eighty four", SpokenNumbers.say("132/84", true));
        assertEquals("132 over 84", SpokenNumbers.say("132/84", false));
        assertEquals("one oh five over seventy", SpokenNumbers.say("105/70", true));
        assertEquals("one hundred over sixty", SpokenNumbers.say("100/60", true));
        assertEquals("ninety eight point six", SpokenNumbers.say("98.6", true));
        assertEquals("one hundred one point two", SpokenNumbers.say("101.2", true));
        assertEquals("ninety seven percent", SpokenNumbers.say("97%", true));
        assertEquals("97 percent", SpokenNumbers.say("97%", false));
        assertEquals("seventy two", SpokenNumbers.say("72", true));
        assertEquals("sixteen", SpokenNumbers.say("16", true));
        assertEquals("three", SpokenNumbers.say("3", true));
        assertEquals("one hundred", SpokenNumbers.say("100", true));
    }

    /** Two example conversations, the pair count and the mean conversation length of 1,000 dialogues. */
    @Test
    void examplesAndSizes() throws IOException {
        List<SyntheticDialogue> thousand = SyntheticDialogues.generate(1000, 1);
        int pairs = SyntheticDialogues.pairs(thousand).size();
        double words = thousand.stream().mapToInt(d -> d.dialogue().split("\\s+").length).average().orElseThrow();
        double sectionWords = thousand.stream()
                .mapToInt(d -> d.sections().values().stream().mapToInt(s -> s.split("\\s+").length).sum()).average().orElseThrow();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "1000 dialogues (seed 1): %d pairs, conversation %.1f words on average "
                + "(min %d, max %d), note %.1f words on average%n%n", pairs, words,
                thousand.stream().mapToInt(d -> d.dialogue().split("\\s+").length).min().orElseThrow(),
                thousand.stream().mapToInt(d -> d.dialogue().split("\\s+").length).max().orElseThrow(), sectionWords));
        for (SyntheticDialogue d : thousand.subList(0, 2)) {
            out.append("=== ").append(d.id()).append('\n').append(d.dialogue()).append("\n---\n");
            d.sections().forEach((h, s) -> out.append(h.csvName()).append(": ").append(s).append('\n'));
            out.append("facts: ").append(d.facts()).append("\n\n");
        }
        System.out.println(out);
        Path file = Path.of("target", "synthetic-dialogues-examples.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
        assertEquals(5000, pairs);
        assertTrue(words > 100, "conversations of " + words + " words");
        assertFalse(thousand.get(0).dialogue().isBlank());
    }

    @Test
    void aTaggedPairHasTheTagAsItsConversationsFirstLineAndNothingElseChanged() {
        DialogPair pair = DIALOGUES.get(0).excerptPairs(SyntheticDialogue.EXCERPT_WORDS).get(0);
        DialogPair tagged = SyntheticDialogue.tagged(pair);
        assertEquals(SyntheticDialogue.STYLE_TAG + "\n" + pair.dialogue(), tagged.dialogue());
        assertEquals(List.of(pair.id(), pair.header(), pair.section()), List.of(tagged.id(), tagged.header(), tagged.section()));
    }
}
