package ai.medscribe.corpus;

import ai.medscribe.LowerCaseId;
import ai.medscribe.Seeds;
import ai.medscribe.note.Section;
import ai.medscribe.note.SoapNote;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded synthetic SOAP notes in one of two styles.
 * <ul>
 * <li>{@link Style#SEED}: the case study's generator, phrase pools and substitutions included.</li>
 * <li>{@link Style#COHERENT}: every note comes from one latent encounter of one or two conditions
 * of the {@link PhraseBook} knowledge base, which drive every section, vitals included.</li>
 * </ul>
 * A fraction of notes is made defective: one section left out, or two sections swapped.
 */
public final class SyntheticCorpus {

    public enum Style implements LowerCaseId {
        SEED, COHERENT;

        public static Style parse(String name) {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** The default share of defective coherent notes; seed notes default to none, as in the case study. */
    public static final double DEFAULT_DEFECT_FRACTION = 0.1;

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");
    private static final int[] DOSES = {10, 20, 25, 40, 50, 100};

    private final Style style;
    private final double defectFraction;
    private final PhraseBook book;

    public SyntheticCorpus(Style style, double defectFraction) {
        this(style, defectFraction, PhraseBook.standard());
    }

    public SyntheticCorpus(Style style, double defectFraction, PhraseBook book) {
        if (defectFraction < 0 || defectFraction > 1) {
            throw new IllegalArgumentException("defect fraction must be in [0, 1], got " + defectFraction);
        }
        this.style = style;
        this.defectFraction = defectFraction;
        this.book = book;
    }

    /** A corpus of the style with its default defect fraction (coherent 0.1, seed 0). */
    public static SyntheticCorpus of(Style style) {
        return new SyntheticCorpus(style, style == Style.SEED ? 0.0 : DEFAULT_DEFECT_FRACTION);
    }

    public Style style() {
        return style;
    }

    /** {@code count} notes; the same seed gives the same notes. */
    public List<ClinicalNote> generate(int count, long seed) {
        if (style == Style.COHERENT) {
            return generateDrafted(count, seed).stream().map(Drafted::note).toList();
        }
        Random random = new Random(Seeds.corpusNotes(seed));
        List<ClinicalNote> notes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            notes.add(seedNote(style.id() + "-" + seed + "-" + i, random));
        }
        return notes;
    }

    /**
     * A coherent note with what it was written from: the latent encounter's conditions and variants,
     * and each section's phrases from the {@link PhraseBook}, number slots filled, in the order the
     * section joins them with single spaces. The note may be defective (a section left out or two
     * swapped, see the defect fraction); the phrases are those of every section regardless.
     */
    public record Drafted(ClinicalNote note, List<PhraseBook.Condition> conditions, List<PhraseBook.Variant> variants,
            Map<Section, List<String>> phrases) {

        public Drafted {
            conditions = List.copyOf(conditions);
            variants = List.copyOf(variants);
            EnumMap<Section, List<String>> copy = new EnumMap<>(Section.class);
            phrases.forEach((s, list) -> copy.put(s, List.copyOf(list)));
            phrases = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /**
     * The coherent style's notes with their encounters and phrases; {@code generate(count, seed)} gives
     * the same notes, byte for byte.
     *
     * @throws IllegalStateException for the seed style, which has no latent encounter
     */
    public List<Drafted> generateDrafted(int count, long seed) {
        if (style != Style.COHERENT) {
            throw new IllegalStateException("only coherent notes have an encounter, this corpus is " + style);
        }
        Random random = new Random(Seeds.corpusNotes(seed));
        List<Drafted> notes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            notes.add(coherentNote(style.id() + "-" + seed + "-" + i, random));
        }
        return notes;
    }

    // ---- seed style: the case study's generate_synthetic_note --------------------------------

    private ClinicalNote seedNote(String id, Random random) {
        Map<Section, String> sections = new EnumMap<>(Section.class);
        sections.put(Section.HPI, seedSection(Section.HPI, 4, 8, random));
        sections.put(Section.ROS, seedSection(Section.ROS, 3, 6, random));
        sections.put(Section.EXAM, seedSection(Section.EXAM, 4, 7, random));
        sections.put(Section.ASSESSMENT, seedSection(Section.ASSESSMENT, 2, 5, random));
        sections.put(Section.PLAN, seedSection(Section.PLAN, 3, 7, random));
        return assemble(id, sections, List.of(), random);
    }

    /** The case study's generate_section: distinct phrases in random order, then the number substitutions. */
    static String seedSection(Section section, int minPhrases, int maxPhrases, Random random) {
        int n = minPhrases + random.nextInt(maxPhrases - minPhrases + 1);
        List<String> pool = new ArrayList<>(PhraseBook.SEED_POOLS.get(section));
        Collections.shuffle(pool, random);
        String text = String.join(" ", pool.subList(0, n));
        // As in the case study, every number is drawn whether or not its word occurs.
        String bp = "BP " + (110 + random.nextInt(50)) + "/" + (60 + random.nextInt(35));
        String hr = "HR " + (60 + random.nextInt(40));
        String temp = String.format(Locale.ROOT, "temp %.1f", 97.5 + 2.0 * random.nextDouble());
        String spo2 = "SpO2 " + (94 + random.nextInt(6)) + "%";
        String stage = "stage " + (1 + random.nextInt(4));
        return text.replace("BP", bp).replace("HR", hr).replace("temp", temp).replace("SpO2", spo2).replace("stage", stage);
    }

    // ---- coherent style: one latent encounter -----------------------------------------------

    /** The latent encounter behind a coherent note. */
    record Encounter(List<PhraseBook.Condition> conditions, List<PhraseBook.Variant> variants) {
    }

    private Drafted coherentNote(String id, Random random) {
        Encounter encounter = encounter(random);
        Map<Section, List<String>> phrases = new EnumMap<>(Section.class);
        phrases.put(Section.HPI, hpi(encounter, random));
        phrases.put(Section.ROS, ros(encounter, random));
        phrases.put(Section.EXAM, exam(encounter, random));
        phrases.put(Section.ASSESSMENT, assessment(encounter, random));
        phrases.put(Section.PLAN, plan(encounter, random));
        Map<Section, String> sections = new EnumMap<>(Section.class);
        phrases.forEach((s, list) -> sections.put(s, String.join(" ", list)));
        ClinicalNote note = assemble(id, sections, encounter.conditions().stream().map(PhraseBook.Condition::id).toList(), random);
        return new Drafted(note, encounter.conditions(), encounter.variants(), phrases);
    }

    private Encounter encounter(Random random) {
        List<PhraseBook.Condition> all = new ArrayList<>(book.conditions());
        Collections.shuffle(all, random);
        int n = random.nextDouble() < 0.6 ? 1 : 2;
        List<PhraseBook.Condition> chosen = List.copyOf(all.subList(0, n));
        List<PhraseBook.Variant> variants = chosen.stream().map(c -> pick(c.variants(), random)).toList();
        return new Encounter(chosen, variants);
    }

    private List<String> hpi(Encounter e, Random random) {
        List<String> phrases = new ArrayList<>();
        phrases.add(book.hpiOpener());
        for (PhraseBook.Condition c : e.conditions()) {
            phrases.addAll(sample(c.hpi(), single(e) ? 2 : 1, random));
        }
        phrases.addAll(sample(book.generic(Section.HPI), single(e) ? 1 + random.nextInt(2) : 1, random));
        return fill(phrases, e, random);
    }

    private List<String> ros(Encounter e, Random random) {
        Set<String> phrases = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        for (PhraseBook.Condition c : e.conditions()) {
            phrases.addAll(sample(c.rosPositive(), single(e) ? 2 : 1, random));
            excluded.addAll(c.rosExcludes());
        }
        List<String> negatives = new ArrayList<>(book.generic(Section.ROS));
        negatives.removeAll(excluded);
        negatives.removeAll(phrases);
        phrases.addAll(sample(negatives, single(e) ? 2 + random.nextInt(3) : 2 + random.nextInt(2), random));
        return fill(new ArrayList<>(phrases), e, random);
    }

    private List<String> exam(Encounter e, Random random) {
        List<String> phrases = new ArrayList<>();
        phrases.add(book.vitalsPhrase());
        Set<String> excluded = new LinkedHashSet<>();
        for (PhraseBook.Condition c : e.conditions()) {
            phrases.addAll(sample(c.exam(), single(e) ? 1 + random.nextInt(2) : 1, random));
            excluded.addAll(c.examExcludes());
        }
        List<String> normal = new ArrayList<>(book.generic(Section.EXAM));
        normal.removeAll(excluded);
        phrases.addAll(sample(normal, single(e) ? 2 + random.nextInt(2) : 1 + random.nextInt(2), random));
        return fill(phrases, e, random);
    }

    private List<String> assessment(Encounter e, Random random) {
        List<String> phrases = new ArrayList<>();
        for (int i = 0; i < e.conditions().size(); i++) {
            phrases.add(e.conditions().get(i).name() + " " + e.variants().get(i).qualifier());
        }
        return fill(phrases, e, random);
    }

    private List<String> plan(Encounter e, Random random) {
        Set<String> phrases = new LinkedHashSet<>();
        for (PhraseBook.Condition c : e.conditions()) {
            phrases.addAll(sample(c.plan(), single(e) ? 2 + random.nextInt(2) : 1 + random.nextInt(2), random));
        }
        phrases.addAll(sample(book.generic(Section.PLAN), single(e) ? 1 + random.nextInt(2) : 1, random));
        return fill(new ArrayList<>(phrases), e, random);
    }

    /** One condition leaves room for more phrases of it; two share the note's length budget. */
    private static boolean single(Encounter e) {
        return e.conditions().size() == 1;
    }

    /**
     * Fills the phrases' number slots, phrase by phrase in order (the draws are those of filling the
     * joined text); vitals follow the encounter's conditions.
     */
    private List<String> fill(List<String> phrases, Encounter e, Random random) {
        Map<String, double[]> vitals = new java.util.HashMap<>(book.normalVitals());
        // The first condition that shifts a vital sets it (conditions are in random order).
        for (int i = e.conditions().size() - 1; i >= 0; i--) {
            vitals.putAll(e.variants().get(i).vitals());
        }
        List<String> filled = new ArrayList<>(phrases.size());
        for (String phrase : phrases) {
            Matcher m = SLOT.matcher(phrase);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(slotValue(m.group(1), vitals, random)));
            }
            m.appendTail(out);
            filled.add(out.toString());
        }
        return filled;
    }

    private static String slotValue(String slot, Map<String, double[]> vitals, Random random) {
        double[] r = vitals.get(slot);
        return switch (slot) {
            case "bp" -> uniformInt(r[0], r[1], random) + "/" + uniformInt(r[2], r[3], random);
            case "hr", "rr" -> String.valueOf(uniformInt(r[0], r[1], random));
            case "spo2" -> uniformInt(r[0], r[1], random) + "%";
            case "temp" -> String.format(Locale.ROOT, "%.1f", r[0] + (r[1] - r[0]) * random.nextDouble());
            case "stage" -> String.valueOf(2 + random.nextInt(3));
            case "weeks" -> String.valueOf(1 + random.nextInt(6));
            case "months" -> String.valueOf(2 + random.nextInt(10));
            case "dose" -> String.valueOf(DOSES[random.nextInt(DOSES.length)]);
            default -> throw new IllegalStateException("unknown number slot {" + slot + "}");
        };
    }

    private static int uniformInt(double lo, double hi, Random random) {
        return (int) lo + random.nextInt((int) hi - (int) lo + 1);
    }

    // ---- shared ------------------------------------------------------------------------------

    /** Writes the note in SOAP order, or, for a defective note, with a section left out or two swapped. */
    private ClinicalNote assemble(String id, Map<Section, String> sections, List<String> conditions, Random random) {
        List<Section> order = new ArrayList<>(Section.SOAP);
        if (random.nextDouble() < defectFraction) {
            if (random.nextBoolean()) {
                sections.remove(order.remove(random.nextInt(order.size())));
            } else {
                int a = random.nextInt(order.size());
                int b = (a + 1 + random.nextInt(order.size() - 1)) % order.size();
                Collections.swap(order, a, b);
            }
        }
        List<SoapNote.Part> parts = order.stream().map(s -> new SoapNote.Part(s, sections.get(s))).toList();
        return new ClinicalNote(id, new SoapNote(parts).text(), sections, conditions);
    }

    private static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    private static List<String> sample(List<String> pool, int n, Random random) {
        List<String> copy = new ArrayList<>(pool);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(n, copy.size()));
    }
}
