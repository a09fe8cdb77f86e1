package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.OutputFormat;

import ai.medscribe.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code infill} of a list: {@code {"notes": [{"note": ..., "generate": [...]}, ...], "steps": ..., ...}}.
 * Each item has the single request's note fields ({@code note} or {@code sections}, {@code generate},
 * {@code lengths}, checked as the single request checks them, an error naming {@code notes[i].field})
 * and an optional {@code seed}; the sampler options and {@code format} are the request's, shared.
 * A note's seed is its own {@code seed} when given, else the request's {@code seed} (default 0) plus
 * its index. At most {@code medscribe.infill.max-notes} notes; they are written in one sampler batch.
 */
public record BatchInfillInput(List<InfillInput> notes, OutputFormat format) {

    public static final String FIELD = "notes";
    /** The body as sent: a field left out (or null) takes its default. */
    record Request(List<Item> notes, Integer steps, Double temperature, Long seed, String strategy, Boolean remask,
            Double threshold, Double revise, Boolean slack, String format) {
    }

    /** One note of the list as sent. */
    record Item(String note, Map<String, String> sections, List<String> generate, Map<String, Integer> lengths,
            Long seed, String observations) {
    }

    /** Whether an infill request is the list form (it has {@code notes}). */
    public static boolean isList(JsonNode body) {
        return body != null && body.isObject() && body.has(FIELD);
    }

    /** The sampler options, the list, and each item's fields as the single request's. */
    static FieldRules rules(RequestLimits limits) {
        return GenerateInput.samplerRules(limits, limits.maxLength())
                .with(FIELD, FieldRules.array(1, limits.maxInfillNotes()))
                .with(FIELD + "[]", FieldRules.shape("an object {note|sections, generate, lengths, seed}",
                        "an object such as {\"note\": \"HPI: ...\", \"generate\": [\"PLAN\"]}"))
                .with(FIELD, InfillInput.noteRules(new FieldRules().with("seed", FieldRules.seed()), limits));
    }

    public static BatchInfillInput from(JsonNode body, RequestLimits limits) {
        if (body.has("note") || body.has("sections")) {
            throw new BadRequestException(FIELD, "exactly one of note|sections|notes",
                    "give either notes (a list of notes) or one note (note or sections), not both");
        }
        FieldRules f = rules(limits);
        Request r = RequestReader.read(body, Request.class, f);
        if (r.notes() == null) {
            throw new BadRequestException(FIELD, "1.." + limits.maxInfillNotes() + " items", "notes must be an array of 1.."
                    + limits.maxInfillNotes() + " notes");
        }
        List<Item> items = f.get(FIELD, r.notes(), List.of());
        long seed = f.get("seed", r.seed(), 0L);
        FieldRules itemRules = f.nested(FIELD);
        List<InfillInput.Note> notes = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = FIELD + "[" + i + "]";
            Item item = f.item(FIELD + "[]", field, items.get(i));
            try {
                notes.add(InfillInput.Note.from(itemRules, item.note(), item.sections(), item.generate(),
                        item.lengths(), item.observations(), limits));
                seeds.add(itemRules.get("seed", item.seed(), Seeds.consecutive(seed, i)));
            } catch (BadRequestException refused) {
                throw refused.within(field);
            }
        }
        List<InfillInput> inputs = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            inputs.add(InfillInput.of(notes.get(i), seeds.get(i), f, limits, r.steps(), r.temperature(), r.strategy(),
                    r.remask(), r.threshold(), r.revise(), r.slack(), r.format()));
        }
        return new BatchInfillInput(List.copyOf(inputs), f.get(OutputFormat.FIELD, r.format(), OutputFormat.JSON));
    }
}
