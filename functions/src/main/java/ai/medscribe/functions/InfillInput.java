package ai.medscribe.functions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

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
        double revise, boolean slack, OutputFormat format) {

    static final Set<String> FIELDS = Set.of("note", "sections", "generate", "lengths", "steps", "temperature", "seed",
            "strategy", "remask", "threshold", "revise", "slack", OutputFormat.FIELD);

    static InfillInput from(JsonNode body, RequestLimits limits) {
        RequestFields f = RequestFields.of(body, FIELDS);
        return of(Note.from(f, limits), f.longValue("seed", 0L), f, limits);
    }

    /** One note's own fields: {@code note} or {@code sections}, {@code generate}, {@code lengths}. */
    record Note(PartialNote given, List<Section> generate, Map<Section, Integer> lengths) {

        static Note from(RequestFields f, RequestLimits limits) {
            PartialNote given = PartialNote.fromRequest(f, limits.maxNoteChars());
            List<Section> generate = new ArrayList<>();
            List<JsonNode> names = f.array("generate", 1, Section.SOAP.size());
            for (int i = 0; i < names.size(); i++) {
                String field = "generate[" + i + "]";
                String name = RequestFields.text(names.get(i), field, 32);
                Section s = Section.fromName(name).orElseThrow(() -> new BadRequestException(field,
                        Section.SOAP.toString(), "unknown section '" + name + "'"));
                if (generate.contains(s)) {
                    throw new BadRequestException(field, "each section once", "section " + s + " is listed twice");
                }
                generate.add(s);
            }
            if (generate.isEmpty()) {
                generate.addAll(given.missing());
            }
            if (generate.isEmpty()) {
                throw new BadRequestException("generate", Section.SOAP.toString(),
                        "the note has every section; name the sections to regenerate in generate");
            }
            return new Note(given, List.copyOf(generate), InfillInput.lengths(f, generate, limits.maxLength()));
        }
    }

    /** {@code note} completed with {@code seed} and the sampler options of {@code f}. */
    static InfillInput of(Note note, long seed, RequestFields f, RequestLimits limits) {
        return new InfillInput(note.given(), note.generate(), note.lengths(),
                f.integer("steps", 1, limits.maxLength(), Math.min(SamplerOptions.DEFAULT_STEPS, limits.maxLength())),
                f.positive("temperature", limits.maxTemperature(), GenerateInput.DEFAULT_TEMPERATURE),
                seed,
                f.choice("strategy", SamplerOptions.Strategy.class, SamplerOptions.Strategy.CONFIDENCE),
                f.bool("remask", true),
                f.fraction("threshold", 1, GenerateInput.decimal(SamplerOptions.DEFAULT_THRESHOLD)),
                f.fraction("revise", 0.99, GenerateInput.decimal(SamplerOptions.DEFAULT_REMASK_BELOW)),
                f.bool("slack", true),
                OutputFormat.of(f));
    }

    /** The sampler's request: the non-empty given sections, and what to write. */
    InfillRequest request() {
        Map<Section, String> kept = new EnumMap<>(Section.class);
        given.sections().forEach((s, text) -> {
            if (!text.isBlank()) {
                kept.put(s, text);
            }
        });
        return new InfillRequest(kept, generate, lengths);
    }

    SamplerOptions options() {
        return new SamplerOptions(steps, (float) temperature, seed, strategy, remask, 0, false, (float) threshold,
                (float) revise, slack);
    }

    private static Map<Section, Integer> lengths(RequestFields f, List<Section> generate, int maxLength) {
        Map<Section, Integer> lengths = new EnumMap<>(Section.class);
        if (!f.has("lengths")) {
            return lengths;
        }
        JsonNode node = f.node("lengths");
        if (!node.isObject()) {
            throw new BadRequestException("lengths", "an object of section name to token count",
                    "lengths must be an object such as {\"PLAN\": 24}");
        }
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "lengths." + e.getKey();
            Section s = Section.fromName(e.getKey()).orElseThrow(() -> new BadRequestException(field,
                    Section.SOAP.toString(), "unknown section '" + e.getKey() + "'"));
            if (!generate.contains(s)) {
                throw new BadRequestException(field, generate.toString(), "a length is given for " + s
                        + ", which is not generated");
            }
            if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt()) {
                throw new BadRequestException(field, "1.." + maxLength, field + " must be an integer");
            }
            int n = RequestFields.checkRange(field, e.getValue().asInt(), 1, maxLength);
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
