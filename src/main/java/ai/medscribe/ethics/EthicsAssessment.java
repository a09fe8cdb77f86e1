package ai.medscribe.ethics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.medscribe.bundle.BundleMetadata;
import ai.medscribe.bundle.EvaluationSummary;
import ai.medscribe.corpus.CorpusProvenance;

/**
 * The case study's {@code ethical_impact_assessment} (notebook section 14) for clinical
 * documentation, backed by the loaded bundles' own evidence.
 *
 * <p>Keys read, all optional and read defensively (a missing, non-numeric or out-of-range value
 * counts as "not measured"):
 * <ul>
 * <li>{@code medscribe.json}: {@code modelType}, {@code preset}, {@code parameterCount},
 * {@code sha256}, {@code corpus.source}, {@code corpus.style}, {@code corpus.notes};</li>
 * <li>{@code evaluation.json}: {@code structure_rate}, {@code phrase_validity},
 * {@code repetition_rate}, {@code plan_coherence} (fractions in 0..1, judged by
 * {@link #THRESHOLDS}) and {@code rouge_l} (0..1, reported, not judged: overlap with reference
 * notes is not a safety measure).</li>
 * </ul>
 *
 * <p>The overall level is the highest of: every judged metric's level; MEDIUM when a bundle has no
 * evaluation.json or leaves a judged metric unmeasured; MEDIUM when the training-data provenance
 * is unknown or is real clinical notes (historical disparities, unmeasured across demographics);
 * MEDIUM when no bundle is loaded. LOW is reachable only with every metric measured and inside
 * its low band.
 */
public record EthicsAssessment(
        List<BiasRisk> biasRisks,
        List<PrivacyConcern> privacyConcerns,
        String liabilityFramework,
        List<String> transparencyMeasures,
        RiskLevel overallRiskLevel,
        String justification,
        List<Finding> findings,
        List<String> thresholds) {

    public record BiasRisk(String risk, String description, String mitigation, String evidence) {
    }

    public record PrivacyConcern(String concern, String description, String safeguard) {
    }

    /** One piece of evidence and the level it implies; {@code value} is null when not measured. */
    public record Finding(String model, String source, String key, Double value, RiskLevel level, String statement) {
    }

    /** The judged error rates of evaluation.json. */
    public static final List<MetricThreshold> THRESHOLDS = List.of(
            new MetricThreshold(EvaluationSummary.STRUCTURE_RATE, "share of notes with all five SOAP sections in order", true, 0.95, 0.80),
            new MetricThreshold(EvaluationSummary.PHRASE_VALIDITY, "share of generated phrases that are well-formed clinical phrases",
                    true, 0.90, 0.70),
            new MetricThreshold(EvaluationSummary.PLAN_COHERENCE, "share of PLANs consistent with their ASSESSMENT", true, 0.85, 0.60),
            new MetricThreshold(EvaluationSummary.REPETITION_RATE, "share of notes that repeat a phrase", false, 0.10, 0.30));

    /** The finding key of the training-data provenance, a field of medscribe.json. */
    private static final String CORPUS_SOURCE = "corpus.source";

    private static final String PROVENANCE_RULE =
            "training-data provenance: unknown, or real clinical notes without a demographically stratified "
                    + "evaluation, is at least medium risk";
    private static final String MISSING_RULE =
            "a bundle without " + EvaluationSummary.FILE_NAME + ", or with a judged metric unmeasured, is at least medium risk";

    /** Builds the assessment from the loaded bundles' evidence. */
    public static EthicsAssessment assess(List<BundleEvidence> bundles) {
        List<Finding> findings = new ArrayList<>();
        if (bundles.isEmpty()) {
            findings.add(new Finding("none", "bundles", null, null, RiskLevel.MEDIUM,
                    "no model bundle is loaded: no evidence of quality or provenance is available"));
        }
        for (BundleEvidence b : bundles) {
            findings.add(provenance(b));
            findings.addAll(errorRates(b));
            if (b.modelCard() != null) {
                findings.add(modelCard(b));
            }
        }
        RiskLevel overall = RiskLevel.LOW;
        for (Finding f : findings) {
            overall = overall.atLeast(f.level());
        }
        List<String> thresholds = new ArrayList<>();
        THRESHOLDS.forEach(t -> thresholds.add(t.rule()));
        thresholds.add(MISSING_RULE);
        thresholds.add(PROVENANCE_RULE);
        thresholds.add(EvaluationSummary.ROUGE_L + " is reported, not judged; the overall level is the highest level of any finding");
        return new EthicsAssessment(biasRisksOf(bundles, findings), privacyConcernsOfDeployment(), LIABILITY, TRANSPARENCY,
                overall, justify(overall, findings), List.copyOf(findings), List.copyOf(thresholds));
    }

    private static Finding provenance(BundleEvidence b) {
        CorpusProvenance corpus = b.metadata() == null ? null : b.metadata().corpus();
        String source = corpus == null ? null : text(corpus.source());
        String style = corpus == null ? null : text(corpus.style());
        Integer notes = corpus != null && corpus.notes() > 0 ? corpus.notes() : null;
        String model = describeModel(b);
        if (source == null) {
            return new Finding(b.model(), BundleMetadata.FILE_NAME, CORPUS_SOURCE, null, RiskLevel.MEDIUM,
                    model + ": training-data provenance is not recorded");
        }
        String size = notes == null ? "an unrecorded number of" : String.valueOf(notes);
        String what = String.format(Locale.ROOT, "%s: trained on %s notes from source '%s'%s", model, size, source,
                style == null ? "" : " (style '" + style + "')");
        if (source.toLowerCase(Locale.ROOT).contains("synthetic")) {
            return new Finding(b.model(), BundleMetadata.FILE_NAME, CORPUS_SOURCE, null, RiskLevel.LOW,
                    what + ": no real patient data, but no real-world variety either; quality on real notes is unmeasured");
        }
        return new Finding(b.model(), BundleMetadata.FILE_NAME, CORPUS_SOURCE, null, RiskLevel.MEDIUM,
                what + ": real clinical notes carry historical disparities in care and documentation, "
                        + "and no demographically stratified evaluation is recorded");
    }

    /**
     * The model card's own statement of use, cited: its first line that says what the model is not
     * for (or, failing that, its first non-heading line). A card is disclosure, not a measurement, so
     * it is reported at LOW and never lowers another finding.
     */
    static Finding modelCard(BundleEvidence b) {
        String statement = null;
        for (String line : b.modelCard().split("\\R")) {
            String l = line.strip().replaceFirst("^[-*>#\\s]+", "");
            if (l.isEmpty()) {
                continue;
            }
            if (statement == null) {
                statement = l;
            }
            if (l.toLowerCase(Locale.ROOT).contains("not for clinical use")) {
                statement = l;
                break;
            }
        }
        return new Finding(b.model(), "MODEL_CARD.md", null, null, RiskLevel.LOW,
                b.model() + ": model card: " + (statement == null ? "(empty)" : statement));
    }

    private static List<Finding> errorRates(BundleEvidence b) {
        List<Finding> out = new ArrayList<>();
        if (b.evaluation() == null) {
            out.add(new Finding(b.model(), EvaluationSummary.FILE_NAME, null, null, RiskLevel.MEDIUM,
                    b.model() + ": " + EvaluationSummary.FILE_NAME + " is missing, so error rates are unmeasured (evidence missing)"));
            return out;
        }
        for (MetricThreshold t : THRESHOLDS) {
            Double v = fraction(b.evaluation().figure(t.key()));
            if (v == null) {
                out.add(new Finding(b.model(), EvaluationSummary.FILE_NAME, t.key(), null, RiskLevel.MEDIUM,
                        b.model() + ": " + t.key() + " is not measured (evidence missing)"));
            } else {
                RiskLevel level = t.levelOf(v);
                out.add(new Finding(b.model(), EvaluationSummary.FILE_NAME, t.key(), v, level, String.format(Locale.ROOT,
                        "%s: %s = %.3f (%.1f%%, %s) -> %s", b.model(), t.key(), v, 100 * v, t.meaning(), level.id())));
            }
        }
        Double rouge = fraction(b.evaluation().rougeL());
        if (rouge != null) {
            out.add(new Finding(b.model(), EvaluationSummary.FILE_NAME, EvaluationSummary.ROUGE_L, rouge, RiskLevel.LOW,
                    String.format(Locale.ROOT, "%s: %s = %.3f against reference notes (reported, not judged)", b.model(),
                            EvaluationSummary.ROUGE_L, rouge)));
        }
        return out;
    }

    private static List<BiasRisk> biasRisksOf(List<BundleEvidence> bundles, List<Finding> findings) {
        String provenance = String.join("; ", findings.stream()
                .filter(f -> CORPUS_SOURCE.equals(f.key())).map(Finding::statement).toList());
        String quality = String.join("; ", findings.stream()
                .filter(f -> f.value() != null || EvaluationSummary.FILE_NAME.equals(f.source())).map(Finding::statement).toList());
        if (provenance.isEmpty()) {
            provenance = "no bundle loaded: provenance unknown";
        }
        if (quality.isEmpty()) {
            quality = "no error rates available";
        }
        return List.of(
                new BiasRisk("Demographic documentation quality disparity",
                        "Notes learned from historical documentation reproduce its gaps: shorter HPIs, fewer ROS items or "
                                + "more stigmatising wording for some age, sex, race or language groups.",
                        "Evaluate structure, phrase validity and plan coherence stratified by demographic group before "
                                + "clinical use; block release when any group falls below the thresholds below.",
                        provenance),
                new BiasRisk("Template collapse onto the majority presentation",
                        "A model trained on a narrow corpus writes the common presentation's ASSESSMENT and PLAN for an "
                                + "atypical patient, and parallel unmasking makes plausible-looking but generic text.",
                        "Infill only the sections a clinician asks for, keep given sections verbatim, and report "
                                + "repetition and plan coherence with every model release.",
                        quality),
                new BiasRisk("Automation bias in review",
                        "A fluent, complete-looking note invites approval without reading, most for busy clinicians "
                                + "and for patients whose presentation the model handles worst.",
                        "Mark generated sections as generated until a clinician edits or confirms them; show the "
                                + "measured error rates next to the draft.",
                        quality));
    }

    private static List<PrivacyConcern> privacyConcernsOfDeployment() {
        return List.of(
                new PrivacyConcern("PHI in requests and uploads",
                        "Partial notes sent to infill or uploaded for completion hold names, dates, MRNs and addresses "
                                + "(HIPAA identifiers).",
                        "The service logs sizes, ids and timings only, never note text; the ethics report lists "
                                + "PHI-like spans by type and offset so they can be removed before upload."),
                new PrivacyConcern("Memorisation of training notes",
                        "A model trained on real notes can reproduce a patient's identifiers or rare history verbatim.",
                        "Train on de-identified or synthetic notes; record the corpus source in " + BundleMetadata.FILE_NAME + "; "
                                + "test generated notes for verbatim overlap with the training split."),
                new PrivacyConcern("Data at rest in object storage",
                        "Uploaded partial notes and completed notes persist in buckets beyond the request.",
                        "Restrict the trigger to one bucket and prefix, write atomically with provenance, encrypt "
                                + "buckets and expire objects under the organisation's retention policy."),
                new PrivacyConcern("Minimum necessary access",
                        "Every service and person with bucket or endpoint access can read PHI.",
                        "Scoped credentials per function, network policies, and audit logs of access by id."));
    }

    private static final String LIABILITY =
            "The note is a legal document signed by the clinician, who remains responsible for its content and "
                    + "must review every generated section before signing. The organisation deploying MedScribe is "
                    + "responsible for validating the model on its population, for monitoring its error rates and for "
                    + "the audit trail (model hash, steps, seed, time and source of every generated section). The "
                    + "model's developers are responsible for documenting training data, intended use, and measured "
                    + "limitations. Generated text that reaches the record unreviewed is a process failure of the "
                    + "deploying organisation, not of the clinician alone.";

    /** The rule on sections that record observations, as the functions apply it. */
    public static final String OBSERVATION_RULE = "Nothing is invented as observed: infill and the upload trigger do not "
            + "write a missing review of systems (ROS) or examination (EXAM) unless the request asks for it "
            + "(\"observations\": \"generate\", or naming the section in \"generate\"), and never write vital signs "
            + "or results; every generated section is labelled generated, with the model and its bundle hash, in "
            + "JSON, FHIR and trigger output.";

    private static final List<String> TRANSPARENCY = List.of(
            OBSERVATION_RULE,
            "Every completed note carries provenance: model hash, sampling steps, seed, time, and source object.",
            "Responses say which sections were generated and which were given; given sections are kept verbatim.",
            "The same request with the same seed gives the same note, so any output can be reproduced and audited.",
            "The unmasking trajectory (which tokens were committed at which step) is available on request, because "
                    + "parallel denoising has no left-to-right chain of reasoning to follow.",
            "This report cites the measured error rates and training-data provenance of the loaded models.");

    private static String justify(RiskLevel overall, List<Finding> findings) {
        List<String> drivers = findings.stream().filter(f -> f.level() == overall).map(Finding::statement).toList();
        return "Overall risk is " + overall.id() + " because: " + String.join("; ", drivers)
                + ". Clinician review of every generated section is required at any level.";
    }

    private static String describeModel(BundleEvidence b) {
        BundleMetadata m = b.metadata();
        String type = m == null || m.modelType() == null ? null : m.modelType().id();
        String preset = m == null ? null : text(m.preset());
        String hash = m == null ? null : text(m.sha256());
        StringBuilder s = new StringBuilder(b.model());
        if (type != null || preset != null) {
            s.append(" (").append(type == null ? "?" : type).append(", preset ").append(preset == null ? "?" : preset);
            if (m.parameterCount() > 0) {
                s.append(", ").append(m.parameterCount()).append(" parameters");
            }
            if (hash != null) {
                s.append(", sha256 ").append(hash, 0, Math.min(12, hash.length()));
            }
            s.append(')');
        }
        return s.toString();
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Double fraction(Double v) {
        return v != null && Double.isFinite(v) && v >= 0 && v <= 1 ? v : null;
    }
}
