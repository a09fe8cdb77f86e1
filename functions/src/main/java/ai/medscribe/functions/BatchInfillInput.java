package ai.medscribe.functions;

import ai.medscribe.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

    static final String FIELD = "notes";
    static final Set<String> FIELDS = Set.of(FIELD, "steps", "temperature", "seed", "strategy", "remask", "threshold",
            "revise", "slack", OutputFormat.FIELD);
    static final Set<String> NOTE_FIELDS = Set.of("note", "sections", "generate", "lengths", "seed");

    /** Whether an infill request is the list form (it has {@code notes}). */
    static boolean isList(JsonNode body) {
        return body != null && body.isObject() && body.has(FIELD);
    }

    static BatchInfillInput from(JsonNode body, RequestLimits limits) {
        if (body.has("note") || body.has("sections")) {
            throw new BadRequestException(FIELD, "exactly one of note|sections|notes",
                    "give either notes (a list of notes) or one note (note or sections), not both");
        }
        RequestFields f = RequestFields.of(body, FIELDS);
        String limit = "1.." + limits.maxInfillNotes() + " items";
        if (!f.has(FIELD)) {
            throw new BadRequestException(FIELD, limit, "notes must be an array of 1.." + limits.maxInfillNotes()
                    + " notes");
        }
        List<JsonNode> items = f.array(FIELD, 1, limits.maxInfillNotes());
        long seed = f.longValue("seed", 0L);
        List<InfillInput.Note> notes = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String item = FIELD + "[" + i + "]";
            if (!items.get(i).isObject()) {
                throw new BadRequestException(item, "an object {note|sections, generate, lengths, seed}",
                        item + " must be an object such as {\"note\": \"HPI: ...\", \"generate\": [\"PLAN\"]}");
            }
            try {
                RequestFields note = RequestFields.of(items.get(i), NOTE_FIELDS);
                notes.add(InfillInput.Note.from(note, limits));
                seeds.add(note.longValue("seed", Seeds.consecutive(seed, i)));
            } catch (BadRequestException refused) {
                throw refused.within(item);
            }
        }
        List<InfillInput> inputs = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            inputs.add(InfillInput.of(notes.get(i), seeds.get(i), f, limits));
        }
        return new BatchInfillInput(List.copyOf(inputs), OutputFormat.of(f));
    }
}
