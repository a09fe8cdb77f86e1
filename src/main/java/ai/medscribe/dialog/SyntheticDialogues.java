package ai.medscribe.dialog;

import ai.medscribe.Seeds;
import ai.medscribe.corpus.PhraseBook;
import ai.medscribe.corpus.PhraseMatcher;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded synthetic conversation/section pairs whose facts are known exactly. Each dialogue comes
 * from one latent encounter of the coherent corpus ({@link SyntheticCorpus#generateDrafted}, no
 * defects): its five sections are that corpus's note sections, and its conversation says every
 * phrase of them in the doctor's and the patient's words, from the resource {@link #RESOURCE}:
 * <ul>
 * <li>HPI and ROS: the doctor asks, the patient answers, a positive phrase with a yes-type answer
 *     ({@code Yes}, {@code Yeah}, {@code Yep}, {@code Mm hmm}), a negative one ({@code denies chest pain},
 *     {@code no prior episodes}) with a no-type answer ({@code No}, {@code Nope}); the HPI opener is the
 *     doctor's "What brings you in today?";</li>
 * <li>EXAM: the doctor reads out the vitals and the findings;</li>
 * <li>ASSESSMENT and PLAN: the doctor says what they think it is and what they'd like to do;</li>
 * <li>talk that belongs in no section: a greeting, maybe small talk (weather, parking, traffic), and a
 *     closing (scheduling, goodbye).</li>
 * </ul>
 * Numbers are read out in words or in digits, a fair coin for each number (see {@link SpokenNumbers}).
 * The same seed gives the same dialogues: the encounters are those of the coherent corpus for the
 * seed, the talk draws from a stream of its own per dialogue.
 */
public final class SyntheticDialogues {

    /** The resource saying how each phrase is said in a conversation. */
    public static final String RESOURCE = "/ai/medscribe/dialog/dialogue_phrases.json";

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");
    private static final List<String> YES = List.of("Yes, ", "Yeah, ", "Yep, ", "Mm hmm, ");
    private static final List<String> NO = List.of("No, ", "Nope, ", "No, not at all. ");
    private static final List<String> ACKS = List.of("Okay.", "Sounds good.", "Alright.", "Got it.", "Okay, thank you.");
    private static final List<String> COMPLAINTS = List.of("A few things have been bothering me.",
            "I haven't been feeling like myself.", "I wanted to get a few things checked out.",
            "My wife made me come in, honestly.");
    private static final List<String> ROS_LEADS = List.of("Let me run through a few other things.",
            "I'm going to ask you a few more questions.", "A few quick questions about the rest of you.");
    private static final List<String> EXAM_LEADS = List.of("Let me take a look at you.",
            "Alright, let me examine you now.", "Hop up on the table for me and I'll take a look.");
    private static final List<String> EXAM_FINDING_LEADS = List.of("", "", "On exam, ", "Okay, ");
    private static final List<String> ASSESSMENT_LEADS = List.of("I think this is ", "It looks like this is ",
            "What you have is ");
    private static final List<String> PLAN_LEADS = List.of("I'd like to ", "Let's ", "We'll ", "I want to ");

    private static final Talk TALK = Talk.load();

    private final PhraseBook book;
    private final SyntheticCorpus corpus;

    private SyntheticDialogues(PhraseBook book) {
        this.book = book;
        this.corpus = new SyntheticCorpus(SyntheticCorpus.Style.COHERENT, 0.0, book);
    }

    /** {@code count} dialogues of the shipped phrase book; the same seed gives the same dialogues. */
    public static List<SyntheticDialogue> generate(int count, long seed) {
        return generate(count, seed, PhraseBook.standard());
    }

    /**
     * {@code count} dialogues of a phrase book.
     *
     * @throws IllegalStateException naming the phrase if the book has a phrase the resource cannot say
     */
    public static List<SyntheticDialogue> generate(int count, long seed, PhraseBook book) {
        SyntheticDialogues g = new SyntheticDialogues(book);
        List<SyntheticCorpus.Drafted> drafted = g.corpus.generateDrafted(count, seed);
        List<SyntheticDialogue> out = new ArrayList<>(count);
        for (int i = 0; i < drafted.size(); i++) {
            Random random = new Random(Seeds.derive(seed, "synthetic-dialogue", i));
            out.add(g.dialogue("synth-" + seed + "-" + i, drafted.get(i), random));
        }
        return out;
    }

    /** Every dialogue's pairs, one a section, in order, each with the whole conversation. */
    public static List<DialogPair> pairs(List<SyntheticDialogue> dialogues) {
        return dialogues.stream().flatMap(d -> d.pairs().stream()).toList();
    }

    /**
     * Every dialogue's excerpt pairs ({@link SyntheticDialogue#excerptPairs}), one a section, in order:
     * what a trainer mixes with MTS-Dialog pairs, whose conversations are excerpts too.
     */
    public static List<DialogPair> excerptPairs(List<SyntheticDialogue> dialogues, int maxWords) {
        return dialogues.stream().flatMap(d -> d.excerptPairs(maxWords).stream()).toList();
    }

    /** The header a SOAP section has in MTS-Dialog. */
    public static MtsHeader header(Section section) {
        return switch (section) {
            case HPI -> MtsHeader.GENHX;
            case ROS -> MtsHeader.ROS;
            case EXAM -> MtsHeader.EXAM;
            case ASSESSMENT -> MtsHeader.ASSESSMENT;
            case PLAN -> MtsHeader.PLAN;
            case OTHER -> throw new IllegalArgumentException("OTHER is no section");
        };
    }

    // ---- one dialogue -------------------------------------------------------------------------

    private SyntheticDialogue dialogue(String id, SyntheticCorpus.Drafted d, Random random) {
        Map<MtsHeader, String> sections = new EnumMap<>(MtsHeader.class);
        Map<MtsHeader, List<String>> facts = new EnumMap<>(MtsHeader.class);
        for (Section s : Section.SOAP) {
            sections.put(header(s), d.note().sections().get(s));
            facts.put(header(s), d.phrases().get(s));
        }
        List<String> turns = new ArrayList<>();
        Map<MtsHeader, SyntheticDialogue.Span> spans = new EnumMap<>(MtsHeader.class);
        int smallTalkAt = random.nextDouble() < 0.7 ? random.nextInt(3) : -1;
        offTopic(TALK.greetings, turns, random);
        if (smallTalkAt == 0) {
            offTopic(TALK.smallTalk, turns, random);
        }

        // HPI: the opener, then a question and an answer for every phrase.
        int from = turns.size();
        for (String fact : d.phrases().get(Section.HPI)) {
            String template = template(Section.HPI, fact);
            if (TALK.openers.containsKey(template)) {
                doctor(turns, pick(TALK.openers.get(template), random));
                patient(turns, pick(COMPLAINTS, random));
            } else {
                ask(turns, template, fact, random);
            }
        }
        spans.put(MtsHeader.GENHX, new SyntheticDialogue.Span(from, turns.size()));
        // ROS: the answers in a random order, positives and negatives mixed.
        from = turns.size();
        doctor(turns, pick(ROS_LEADS, random));
        List<String> ros = new ArrayList<>(d.phrases().get(Section.ROS));
        Collections.shuffle(ros, random);
        for (String fact : ros) {
            ask(turns, template(Section.ROS, fact), fact, random);
        }
        spans.put(MtsHeader.ROS, new SyntheticDialogue.Span(from, turns.size()));
        if (smallTalkAt == 1) {
            offTopic(TALK.smallTalk, turns, random);
        }

        // EXAM: the vitals read out, then the findings.
        from = turns.size();
        doctor(turns, pick(EXAM_LEADS, random));
        patient(turns, "Okay.");
        for (String fact : d.phrases().get(Section.EXAM)) {
            String template = template(Section.EXAM, fact);
            if (template.equals(book.vitalsPhrase())) {
                vitals(turns, slots(template, fact), random);
            } else {
                doctor(turns, pick(EXAM_FINDING_LEADS, random) + say(TALK.say, template, fact, random));
                if (random.nextDouble() < 0.25) {
                    patient(turns, pick(ACKS, random));
                }
            }
        }

        spans.put(MtsHeader.EXAM, new SyntheticDialogue.Span(from, turns.size()));
        // ASSESSMENT: one statement a condition.
        from = turns.size();
        for (int i = 0; i < d.conditions().size(); i++) {
            PhraseBook.Condition c = d.conditions().get(i);
            String qualifier = d.variants().get(i).qualifier();
            String fact = d.phrases().get(Section.ASSESSMENT).get(i);
            String template = c.name() + " " + qualifier;
            String words = TALK.assessment.get(c.id());
            String said = TALK.qualifiers.get(qualifier);
            if (words == null || said == null) {
                throw new IllegalStateException("no words in " + RESOURCE + " for the assessment " + template);
            }
            doctor(turns, pick(ASSESSMENT_LEADS, random) + fillSpoken(words, slots(template, fact), random) + ". "
                    + capitalise(said));
            if (random.nextDouble() < 0.5) {
                patient(turns, pick(ACKS, random));
            }
        }

        spans.put(MtsHeader.ASSESSMENT, new SyntheticDialogue.Span(from, turns.size()));
        // PLAN: what the doctor would like to do.
        from = turns.size();
        for (String fact : d.phrases().get(Section.PLAN)) {
            doctor(turns, pick(PLAN_LEADS, random) + say(TALK.say, template(Section.PLAN, fact), fact, random));
            if (random.nextDouble() < 0.3) {
                patient(turns, pick(ACKS, random));
            }
        }
        spans.put(MtsHeader.PLAN, new SyntheticDialogue.Span(from, turns.size()));
        if (smallTalkAt == 2) {
            offTopic(TALK.smallTalk, turns, random);
        }
        offTopic(TALK.closings, turns, random);
        return new SyntheticDialogue(id, String.join("\n", turns), sections, facts, spans);
    }

    private void ask(List<String> turns, String template, String fact, Random random) {
        Talk.Ask a = TALK.ask.get(template);
        if (a == null) {
            throw new IllegalStateException("no question in " + RESOURCE + " for the phrase '" + template + "'");
        }
        Map<String, String> slots = slots(template, fact);
        doctor(turns, a.question());
        String answer = fillSpoken(a.answer(), slots, random);
        String lead = pick(a.yes() ? YES : NO, random);
        patient(turns, answer.isEmpty() ? lead.substring(0, lead.indexOf(',')) + "."
                : lead + (lead.endsWith(". ") ? capitalise(answer) : answer));
    }

    private void vitals(List<String> turns, Map<String, String> v, Random random) {
        doctor(turns, "Your blood pressure is " + spoken(v.get("bp"), random) + ", and your heart rate is "
                + spoken(v.get("hr"), random) + ".");
        doctor(turns, "You're breathing " + spoken(v.get("rr"), random) + " times a minute, your temperature is "
                + spoken(v.get("temp"), random) + ", and your oxygen level is " + spoken(v.get("spo2"), random) + ".");
    }

    private static String say(Map<String, String> table, String template, String fact, Random random) {
        String words = table.get(template);
        if (words == null) {
            throw new IllegalStateException("no words in " + RESOURCE + " for the phrase '" + template + "'");
        }
        return fillSpoken(words, slots(template, fact), random);
    }

    private static void offTopic(List<List<String>> exchanges, List<String> turns, Random random) {
        List<String> exchange = pick(exchanges, random);
        doctor(turns, exchange.get(0));
        patient(turns, exchange.get(1));
    }

    /**
     * The doctor's turn; consecutive doctor's lines stay separate lines, as MTS-Dialog's transcripts
     * sometimes have them.
     */
    private static void doctor(List<String> turns, String text) {
        turns.add("Doctor: " + capitalise(text));
    }

    private static void patient(List<String> turns, String text) {
        turns.add("Patient: " + capitalise(text));
    }

    // ---- phrases and their numbers ------------------------------------------------------------

    /** The template of the section that a filled phrase was made from. */
    private String template(Section section, String fact) {
        List<String> words = Tokenizer.words(fact);
        for (String t : book.phrases(SyntheticCorpus.Style.COHERENT, section)) {
            List<String> tw = PhraseMatcher.words(t);
            if (tw.size() == words.size() && PhraseMatcher.matchesAt(tw, words, 0)) {
                return t;
            }
        }
        throw new IllegalStateException("no " + section + " template of the phrase book makes '" + fact + "'");
    }

    /** The number each slot of the template has in the filled phrase: {@code {bp} -> 132/84}. */
    static Map<String, String> slots(String template, String fact) {
        String[] t = template.strip().split("\\s+");
        String[] f = fact.strip().split("\\s+");
        if (t.length != f.length) {
            throw new IllegalArgumentException("'" + fact + "' is not made from '" + template + "'");
        }
        Map<String, String> slots = new LinkedHashMap<>();
        for (int i = 0; i < t.length; i++) {
            Matcher m = SLOT.matcher(t[i]);
            if (m.matches()) {
                slots.put(m.group(1), f[i]);
            }
        }
        return slots;
    }

    /** The text with its slots read out, each number in words or digits by a coin. */
    private static String fillSpoken(String text, Map<String, String> slots, Random random) {
        Matcher m = SLOT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = slots.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("'" + text + "' reads the slot {" + m.group(1) + "} its phrase lacks");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(spoken(value, random)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String spoken(String number, Random random) {
        return SpokenNumbers.say(number, random.nextBoolean());
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    private static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    // ---- the resource ----------------------------------------------------------------------------

    /** The resource, parsed. */
    record Talk(Map<String, List<String>> openers, Map<String, Ask> ask, Map<String, String> say,
            Map<String, String> assessment, Map<String, String> qualifiers, List<List<String>> greetings,
            List<List<String>> smallTalk, List<List<String>> closings) {

        /** How an HPI or ROS phrase is asked and answered; the question names one of the key words. */
        record Ask(boolean yes, String question, String answer, List<String> keys) {
        }

        static Talk load() {
            try (InputStream in = SyntheticDialogues.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                JsonNode root = new ObjectMapper().readTree(in);
                Map<String, List<String>> openers = new LinkedHashMap<>();
                root.path("opener").fields().forEachRemaining(e -> openers.put(e.getKey(), strings(e.getValue())));
                Map<String, Ask> ask = new LinkedHashMap<>();
                root.path("ask").fields().forEachRemaining(e -> {
                    JsonNode a = e.getValue();
                    String polarity = a.get(0).asText();
                    if (!polarity.equals("yes") && !polarity.equals("no")) {
                        throw new IllegalStateException(RESOURCE + ": polarity of '" + e.getKey() + "' is " + polarity);
                    }
                    ask.put(e.getKey(), new Ask(polarity.equals("yes"), a.get(1).asText(), a.get(2).asText(),
                            List.of(a.get(3).asText().split("\\|"))));
                });
                return new Talk(openers, ask, texts(root.path("say")), texts(root.path("assessment")),
                        texts(root.path("qualifiers")), pairs(root.path("offTopic").path("greetings")),
                        pairs(root.path("offTopic").path("smallTalk")), pairs(root.path("offTopic").path("closings")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }

        private static List<String> strings(JsonNode array) {
            List<String> list = new ArrayList<>();
            array.forEach(n -> list.add(n.asText()));
            return List.copyOf(list);
        }

        private static Map<String, String> texts(JsonNode object) {
            Map<String, String> map = new LinkedHashMap<>();
            object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
            return Collections.unmodifiableMap(map);
        }

        private static List<List<String>> pairs(JsonNode array) {
            List<List<String>> list = new ArrayList<>();
            array.forEach(n -> list.add(strings(n)));
            return List.copyOf(list);
        }
    }

    /** The resource's words, for the tests' checks. */
    static Talk talk() {
        return TALK;
    }
}
