package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.Observations;
import ai.medscribe.functions.api.dto.OutputFormat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.sample.InfillRequest;
import ai.medscribe.sample.SamplerOptions;

/**
 * {@code infill}: keep the given sections verbatim and generate {@code generate} (by default every
 * missing or empty section; a given section named there is regenerated, as after an edit of
 * another section). {@code lengths} optionally fixes a generated section's token count; {@code format}
 * is how the note is answered ({@link OutputFormat}).
 */
public record InfillInput(PartialNote given, List<Section> generate, Map<Section, Integer> lengths, int steps,
        double temperature, long seed, SamplerOptions.Strategy strategy, boolean remask, double threshold,
        double revise, boolean slack, OutputFormat format, ModelKind model, List<Section> withheld) {

    /** The body as sent: a field left out (or null) takes its default. */
    record Request(String note, Map<String, String> sections, List<String> generate, Map<String, Integer> lengths,
            Integer steps, Double temperature, Long seed, String strategy, Boolean remask, Double threshold,
            Double revise, Boolean slack, String format, String model, String observations) {
    }

    /** The sampler options (steps at most the model's maximum length) and one note's fields. */
    static FieldRules rules(RequestLimits limits) {
        return noteRules(GenerateInput.samplerRules(limits, limits.maxLength()), limits)
                .with("model", FieldRules.choice(ModelKind.class));
    }

    /** A note's own fields: {@code note} or {@code sections}, {@code generate}, {@code lengths}. */
    static FieldRules noteRules(FieldRules rules, RequestLimits limits) {
        return PartialNote.rules(rules, limits.maxNoteChars())
                .with("generate", FieldRules.array(1, Section.SOAP.size()))
                .with("generate[]", FieldRules.text(32))
                .with("lengths", FieldRules.shape("an object of section name to token count",
                        "an object such as {\"PLAN\": 24}"))
                .with("lengths.*", FieldRules.integerItem(1, limits.maxLength()));
    }

    public static InfillInput from(JsonNode body, RequestLimits limits) {
        Request r = RequestReader.read(body, Request.class, rules(limits));
        FieldRules f = rules(limits);
        Note note = Note.from(f, r.note(), r.sections(), r.generate(), r.lengths(), r.observations(), limits);
        InfillInput input = of(note, f.get("seed", r.seed(), 0L), f, limits, r.steps(), r.temperature(), r.strategy(),
                r.remask(), r.threshold(), r.revise(), r.slack(), r.format());
        ModelKind model = f.get("model", r.model(), ModelKind.DIFFUSION);
        if (model == ModelKind.AUTOREGRESSIVE) {
            String[] diffusionOnly = {"strategy", "remask", "threshold", "revise", "slack"};
            Object[] sent = {r.strategy(), r.remask(), r.threshold(), r.revise(), r.slack()};
            for (int i = 0; i < sent.length; i++) {
                if (sent[i] != null) {
                    throw new BadRequestException(diffusionOnly[i], "model diffusion", diffusionOnly[i]
                            + " is an option of the diffusion sampler; the autoregressive model writes left to right");
                }
            }
        }
        return input.withModel(model);
    }

    InfillInput withModel(ModelKind kind) {
        return new InfillInput(given, generate, lengths, steps, temperature, seed, strategy, remask, threshold, revise,
                slack, format, kind, withheld);
    }

    /** One note's own fields: {@code note} or {@code sections}, {@code generate}, {@code lengths}. */
    record Note(PartialNote given, List<Section> generate, Map<Section, Integer> lengths, List<Section> withheld) {

        public static Note from(FieldRules f, String text, Map<String, String> sections, List<String> names,
                Map<String, Integer> lengths, String observations, RequestLimits limits) {
            PartialNote given = PartialNote.fromRequest(f, text, sections, limits.maxNoteChars())
                    .withObservations(f.get(Observations.FIELD, observations, Observations.OMIT));
            List<Section> generate = new ArrayList<>();
            List<String> listed = f.get("generate", names, List.of());
            for (int i = 0; i < listed.size(); i++) {
                String field = "generate[" + i + "]";
                String name = f.item("generate[]", field, listed.get(i));
                Section s = Section.fromName(name).orElseThrow(() -> new BadRequestException(field,
                        Section.SOAP.toString(), "unknown section '" + name + "'"));
                if (generate.contains(s)) {
                    throw new BadRequestException(field, "each section once", "section " + s + " is listed twice");
                }
                generate.add(s);
            }
            List<Section> withheld = List.of();
            if (generate.isEmpty()) {
                generate.addAll(given.toGenerate());
                withheld = given.withheld();
            }
            if (generate.isEmpty() && withheld.isEmpty()) {
                throw new BadRequestException("generate", Section.SOAP.toString(),
                        "the note has every section; name the sections to regenerate in generate");
            }
            return new Note(given, List.copyOf(generate), InfillInput.lengths(f, lengths, generate, limits.maxLength()),
                    withheld);
        }
    }

    /** {@code note} completed with {@code seed} and the sampler options as sent, checked by {@code f}. */
    static InfillInput of(Note note, long seed, FieldRules f, RequestLimits limits, Integer steps, Double temperature, String strategy,
            Boolean remask, Double threshold, Double revise, Boolean slack, String format) {
        return new InfillInput(note.given(), note.generate(), note.lengths(),
                f.get("steps", steps, Math.min(SamplerOptions.DEFAULT_STEPS, limits.maxLength())),
                f.get("temperature", temperature, GenerateInput.DEFAULT_TEMPERATURE),
                seed,
                f.get("strategy", strategy, SamplerOptions.DEFAULT_STRATEGY),
                f.get("remask", remask, true),
                f.get("threshold", threshold, GenerateInput.decimal(SamplerOptions.DEFAULT_INFILL_THRESHOLD)),
                f.get("revise", revise, GenerateInput.decimal(SamplerOptions.DEFAULT_REMASK_BELOW)),
                f.get("slack", slack, true),
                f.get(OutputFormat.FIELD, format, OutputFormat.JSON), ModelKind.DIFFUSION, note.withheld());
    }

    /** The sampler's request: the non-empty given sections, and what to write. */
    InfillRequest request() {
        return new InfillRequest(kept(), generate, lengths);
    }

    /** The non-empty given sections (a section to rewrite included; the sampler leaves it out). */
    Map<Section, String> kept() {
        Map<Section, String> kept = new EnumMap<>(Section.class);
        given.sections().forEach((s, text) -> {
            if (!text.isBlank()) {
                kept.put(s, text);
            }
        });
        return kept;
    }

    SamplerOptions options() {
        return SamplerOptions.builder().steps(steps).temperature((float) temperature).seed(seed).strategy(strategy)
                .remaskRepeats(remask).blockLength(0).trace(false).threshold((float) threshold)
                .remaskBelow((float) revise).sectionSlack(slack).build();
    }

    private static Map<Section, Integer> lengths(FieldRules f, Map<String, Integer> given, List<Section> generate,
            int maxLength) {
        Map<Section, Integer> lengths = new EnumMap<>(Section.class);
        int total = 0;
        for (Map.Entry<String, Integer> e : f.get("lengths", given, Map.<String, Integer>of()).entrySet()) {
            String field = "lengths." + e.getKey();
            Section s = Section.fromName(e.getKey()).orElseThrow(() -> new BadRequestException(field,
                    Section.SOAP.toString(), "unknown section '" + e.getKey() + "'"));
            if (!generate.contains(s)) {
                throw new BadRequestException(field, generate.toString(), "a length is given for " + s
                        + ", which is not generated");
            }
            int n = f.item("lengths.*", field, e.getValue());
            total += n;
            if (total > maxLength) {
                throw new BadRequestException("lengths", maxLength, "the lengths add up to more than the model's "
                        + "maximum length " + maxLength);
            }
            lengths.put(s, n);
        }
        return lengths;
    }
}
