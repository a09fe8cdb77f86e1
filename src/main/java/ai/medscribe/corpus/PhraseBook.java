package ai.medscribe.corpus;

import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which phrases belong to which section, for both corpus styles, and, for the coherent style,
 * which condition each phrase and each PLAN action belongs to. The seed pools are the case
 * study's, verbatim; the coherent knowledge base is the resource {@code conditions.json}.
 * Phrases are templates: words in braces are number slots (see {@link PhraseMatcher}).
 */
public final class PhraseBook {

    /** The resource holding the coherent style's knowledge base. */
    public static final String RESOURCE = "/ai/medscribe/corpus/conditions.json";

    /** One way a condition presents: a qualifier in the ASSESSMENT and the vitals it shifts. */
    public record Variant(String qualifier, Map<String, double[]> vitals) {
    }

    /** One condition of the knowledge base. */
    public record Condition(String id, String name, List<Variant> variants, List<String> hpi, List<String> rosPositive,
            List<String> rosExcludes, List<String> exam, List<String> examExcludes, List<String> plan) {
    }

    /** The case study's phrase pools, verbatim (section by section). */
    public static final Map<Section, List<String>> SEED_POOLS = seedPools();

    private static final PhraseBook STANDARD = load();

    private final Map<Section, List<String>> generic;
    private final Map<String, double[]> normalVitals;
    private final String vitalsPhrase;
    private final String hpiOpener;
    private final List<Condition> conditions;
    private final Map<String, Set<String>> actionConditions = new LinkedHashMap<>();

    private PhraseBook(Map<Section, List<String>> generic, Map<String, double[]> normalVitals, String vitalsPhrase,
            String hpiOpener, List<Condition> conditions) {
        this.generic = generic;
        this.normalVitals = normalVitals;
        this.vitalsPhrase = vitalsPhrase;
        this.hpiOpener = hpiOpener;
        this.conditions = List.copyOf(conditions);
        for (Condition c : conditions) {
            for (String action : c.plan()) {
                actionConditions.computeIfAbsent(action, a -> new TreeSet<>()).add(c.id());
            }
        }
    }

    /** The knowledge base shipped with MedScribe. */
    public static PhraseBook standard() {
        return STANDARD;
    }

    // ---- seed style -------------------------------------------------------------------------

    /**
     * The seed pool of a section as templates: the generator's substitutions (BP, HR, temp,
     * SpO2, stage each followed by a number) become number slots.
     */
    public static List<String> seedTemplates(Section section) {
        return SEED_POOLS.getOrDefault(section, List.of()).stream().map(PhraseBook::seedTemplate).toList();
    }

    static String seedTemplate(String phrase) {
        return phrase.replace("BP", "BP {bp}").replace("HR", "HR {hr}").replace("temp", "temp {temp}")
                .replace("SpO2", "SpO2 {spo2}").replace("stage", "stage {stage}");
    }

    // ---- coherent style ---------------------------------------------------------------------

    public List<Condition> conditions() {
        return conditions;
    }

    public Condition condition(String id) {
        return conditions.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown condition " + id));
    }

    /** Generic phrases of a section that fill in around the conditions' phrases. */
    public List<String> generic(Section section) {
        return generic.getOrDefault(section, List.of());
    }

    public Map<String, double[]> normalVitals() {
        return normalVitals;
    }

    public String vitalsPhrase() {
        return vitalsPhrase;
    }

    public String hpiOpener() {
        return hpiOpener;
    }

    /** The phrases a condition contributes to a section (ASSESSMENT: its name and qualifiers). */
    public List<String> conditionPhrases(Condition c, Section section) {
        return switch (section) {
            case HPI -> c.hpi();
            case ROS -> c.rosPositive();
            case EXAM -> c.exam();
            case ASSESSMENT -> {
                List<String> phrases = new ArrayList<>();
                phrases.add(c.name());
                c.variants().forEach(v -> phrases.add(v.qualifier()));
                yield phrases;
            }
            case PLAN -> c.plan();
            case OTHER -> List.of();
        };
    }

    /** Every phrase template that a note of the style may hold in the section. */
    public List<String> phrases(SyntheticCorpus.Style style, Section section) {
        if (style == SyntheticCorpus.Style.SEED) {
            return seedTemplates(section);
        }
        Set<String> all = new LinkedHashSet<>(generic(section));
        if (section == Section.HPI) {
            all.add(hpiOpener);
        }
        if (section == Section.EXAM) {
            all.add(vitalsPhrase);
        }
        conditions.forEach(c -> all.addAll(conditionPhrases(c, section)));
        return List.copyOf(all);
    }

    /** The ids of the conditions whose phrases for the section include this one (empty for generic ones). */
    public Set<String> conditionsOf(Section section, String phrase) {
        Set<String> ids = new TreeSet<>();
        conditions.stream().filter(c -> conditionPhrases(c, section).contains(phrase)).forEach(c -> ids.add(c.id()));
        return ids;
    }

    /** Every condition-specific PLAN action and the conditions it fits. */
    public Map<String, Set<String>> actionConditions() {
        return java.util.Collections.unmodifiableMap(actionConditions);
    }

    /** The conditions a PLAN action fits; empty for generic actions (follow-up, education ...). */
    public Set<String> conditionsFitting(String action) {
        return actionConditions.getOrDefault(action, Set.of());
    }

    /** The condition-specific actions found in a PLAN text, in order of appearance. */
    public List<String> actionsIn(String planText) {
        List<String> found = new ArrayList<>();
        for (PhraseMatcher.Match m : PhraseMatcher.findAll(actionConditions.keySet(), Tokenizer.words(planText))) {
            if (!found.contains(m.template())) {
                found.add(m.template());
            }
        }
        return found;
    }

    /** The ids of the conditions named in an ASSESSMENT text, in knowledge-base order. */
    public Set<String> conditionsAssessedIn(String assessmentText) {
        List<String> words = Tokenizer.words(assessmentText);
        Set<String> ids = new LinkedHashSet<>();
        for (Condition c : conditions) {
            if (!PhraseMatcher.findAll(List.of(c.name()), words).isEmpty()) {
                ids.add(c.id());
            }
        }
        return ids;
    }

    // ---- loading ----------------------------------------------------------------------------

    private static PhraseBook load() {
        try (InputStream in = PhraseBook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static PhraseBook parse(JsonNode root) {
        Map<Section, List<String>> generic = new EnumMap<>(Section.class);
        root.path("generic").fields().forEachRemaining(e -> generic.put(Section.fromName(e.getKey())
                .orElseThrow(() -> new IllegalArgumentException("unknown section " + e.getKey())), strings(e.getValue())));
        List<Condition> conditions = new ArrayList<>();
        for (JsonNode c : root.path("conditions")) {
            List<Variant> variants = new ArrayList<>();
            for (JsonNode v : c.path("variants")) {
                variants.add(new Variant(v.path("qualifier").asText(), vitals(v.path("vitals"))));
            }
            conditions.add(new Condition(c.path("id").asText(), c.path("name").asText(), List.copyOf(variants),
                    strings(c.path("hpi")), strings(c.path("ros_positive")), strings(c.path("ros_excludes")),
                    strings(c.path("exam")), strings(c.path("exam_excludes")), strings(c.path("plan"))));
        }
        return new PhraseBook(generic, vitals(root.path("normal_vitals")), root.path("vitals_phrase").asText(),
                root.path("hpi_opener").asText(), conditions);
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return List.copyOf(list);
    }

    private static Map<String, double[]> vitals(JsonNode node) {
        Map<String, double[]> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            double[] range = new double[e.getValue().size()];
            for (int i = 0; i < range.length; i++) {
                range[i] = e.getValue().get(i).asDouble();
            }
            map.put(e.getKey(), range);
        });
        return map;
    }

    private static Map<Section, List<String>> seedPools() {
        Map<Section, List<String>> pools = new EnumMap<>(Section.class);
        pools.put(Section.HPI, List.of(
                "patient presents with", "chief complaint of", "reports onset of",
                "denies any", "history of", "states that symptoms began",
                "worsening over the past", "associated with", "no prior episodes of",
                "previously treated with", "medication compliance has been",
                "symptoms include", "pain described as", "located in the",
                "radiating to", "aggravated by", "relieved by", "duration of",
                "frequency of episodes", "last seen by physician on"));
        pools.put(Section.ROS, List.of(
                "negative for fever", "denies chest pain", "no shortness of breath",
                "reports mild fatigue", "denies nausea or vomiting", "no weight changes",
                "positive for headache", "denies dizziness", "no vision changes",
                "reports occasional", "constitutional symptoms absent",
                "cardiovascular review unremarkable", "respiratory review negative",
                "gastrointestinal symptoms denied", "musculoskeletal pain noted"));
        pools.put(Section.EXAM, List.of(
                "vitals BP", "HR", "RR", "temp", "SpO2", "BMI",
                "general appearance alert and oriented", "no acute distress",
                "lungs clear to auscultation bilaterally", "heart regular rate and rhythm",
                "abdomen soft nontender", "extremities no edema",
                "neurological exam grossly intact", "skin warm and dry",
                "HEENT normocephalic atraumatic", "neck supple no lymphadenopathy"));
        pools.put(Section.ASSESSMENT, List.of(
                "type 2 diabetes mellitus", "essential hypertension",
                "hyperlipidemia", "chronic kidney disease stage",
                "osteoarthritis of the", "major depressive disorder",
                "generalized anxiety disorder", "chronic low back pain",
                "well controlled", "poorly controlled", "stable",
                "acute exacerbation of", "new diagnosis of", "suspected",
                "differential includes", "consistent with", "likely secondary to"));
        pools.put(Section.PLAN, List.of(
                "continue current medications", "increase dose of", "add",
                "refer to specialist", "follow up in", "weeks",
                "obtain labs including", "CBC CMP lipid panel",
                "schedule imaging", "CT scan", "MRI of",
                "lifestyle modifications discussed", "diet and exercise counseling",
                "return if symptoms worsen", "patient educated on",
                "prescription sent to pharmacy", "prior authorization submitted"));
        return java.util.Collections.unmodifiableMap(pools);
    }
}
