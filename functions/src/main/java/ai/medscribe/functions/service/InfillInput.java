package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.EnumIds;
import ai.medscribe.functions.api.dto.Observations;
import ai.medscribe.functions.api.dto.RequestLimits;
import ai.medscribe.functions.api.dto.OutputFormat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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

    /** The single-note request's values, defaults for those left out, checked where one depends on another. */
    public static InfillInput of(ai.medscribe.functions.api.dto.InfillRequest r, RequestLimits limits) {
        Note note = Note.of(r.note(), r.sections(), r.generate(), r.lengths(), r.observations(), limits);
        InfillInput input = of(note, GenerateInput.or(r.seed(), 0L), r, limits);
        ModelKind model = EnumIds.parse(ModelKind.class, r.model()).orElse(ModelKind.DIFFUSION);
        if (model == ModelKind.AUTOREGRESSIVE) {
            GenerateInput.diffusionOnly(new String[] {"strategy", "remask", "threshold", "revise", "slack"},
                    r.strategy(), r.remask(), r.threshold(), r.revise(), r.slack());
        }
        return input.withModel(model);
    }

    InfillInput withModel(ModelKind kind) {
        return new InfillInput(given, generate, lengths, steps, temperature, seed, strategy, remask, threshold, revise,
                slack, format, kind, withheld);
    }

    /** One note's own fields: {@code note} or {@code sections}, {@code generate}, {@code lengths}. */
    record Note(PartialNote given, List<Section> generate, Map<Section, Integer> lengths, List<Section> withheld) {

        public static Note of(String text, Map<String, String> sections, List<String> names,
                Map<String, Integer> lengths, String observations, RequestLimits limits) {
            PartialNote given = PartialNote.fromRequest(text, sections, limits.maxNoteChars())
                    .withObservations(EnumIds.parse(Observations.class, observations).orElse(Observations.OMIT));
            List<Section> generate = new ArrayList<>();
            List<String> listed = names == null ? List.of() : names;
            for (int i = 0; i < listed.size(); i++) {
                String field = "generate[" + i + "]";
                String name = listed.get(i);
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
            return new Note(given, List.copyOf(generate), InfillInput.lengths(lengths, generate, limits.maxLength()),
                    withheld);
        }
    }

    /** {@code note} completed with {@code seed} and the request's shared sampler options. */
    static InfillInput of(Note note, long seed, ai.medscribe.functions.api.dto.InfillRequest r, RequestLimits limits) {
        return new InfillInput(note.given(), note.generate(), note.lengths(),
                GenerateInput.or(r.steps(), Math.min(SamplerOptions.DEFAULT_STEPS, limits.maxLength())),
                GenerateInput.or(r.temperature(), GenerateInput.DEFAULT_TEMPERATURE),
                seed,
                EnumIds.parse(SamplerOptions.Strategy.class, r.strategy()).orElse(SamplerOptions.DEFAULT_STRATEGY),
                GenerateInput.or(r.remask(), true),
                GenerateInput.or(r.threshold(), GenerateInput.decimal(SamplerOptions.DEFAULT_INFILL_THRESHOLD)),
                GenerateInput.or(r.revise(), GenerateInput.decimal(SamplerOptions.DEFAULT_REMASK_BELOW)),
                GenerateInput.or(r.slack(), true),
                EnumIds.parse(OutputFormat.class, r.format()).orElse(OutputFormat.JSON), ModelKind.DIFFUSION,
                note.withheld());
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

    private static Map<Section, Integer> lengths(Map<String, Integer> given, List<Section> generate, int maxLength) {
        Map<Section, Integer> lengths = new EnumMap<>(Section.class);
        int total = 0;
        for (Map.Entry<String, Integer> e : (given == null ? Map.<String, Integer>of() : given).entrySet()) {
            String field = "lengths." + e.getKey();
            Section s = Section.fromName(e.getKey()).orElseThrow(() -> new BadRequestException(field,
                    Section.SOAP.toString(), "unknown section '" + e.getKey() + "'"));
            if (!generate.contains(s)) {
                throw new BadRequestException(field, generate.toString(), "a length is given for " + s
                        + ", which is not generated");
            }
            int n = e.getValue();
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
