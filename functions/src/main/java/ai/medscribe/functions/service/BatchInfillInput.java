package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.EnumIds;
import ai.medscribe.functions.api.dto.InfillRequest;
import ai.medscribe.functions.api.dto.OutputFormat;
import ai.medscribe.functions.api.dto.RequestLimits;

import ai.medscribe.Seeds;
import java.util.ArrayList;
import java.util.List;


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
    /** The fields of a list request: the list and the shared sampler options. */
    static final List<String> LIST_FIELDS = List.of("format", "notes", "remask", "revise", "seed", "slack", "steps",
            "strategy", "temperature", "threshold");

    /** The list request's notes, each with its seed and the shared sampler options, checked as the single note's. */
    public static BatchInfillInput of(InfillRequest r, RequestLimits limits) {
        if (r.note() != null || r.sections() != null) {
            throw new BadRequestException(FIELD, "exactly one of note|sections|notes",
                    "give either notes (a list of notes) or one note (note or sections), not both");
        }
        // the single note's own fields are each item's (the model is the diffusion model alone)
        String[] single = {"generate", "lengths", "observations", "model"};
        Object[] sent = {r.generate(), r.lengths(), r.observations(), r.model()};
        for (int i = 0; i < single.length; i++) {
            if (sent[i] != null) {
                throw new BadRequestException(single[i], LIST_FIELDS, single[i] + " is no field of a list of notes"
                        + (single[i].equals("model") ? "" : ": give it in each note (notes[i]." + single[i] + ")"));
            }
        }
        long seed = GenerateInput.or(r.seed(), 0L);
        List<InfillInput> inputs = new ArrayList<>();
        for (int i = 0; i < r.notes().size(); i++) {
            InfillRequest.Item item = r.notes().get(i);
            try {
                InfillInput.Note note = InfillInput.Note.of(item.note(), item.sections(), item.generate(), item.lengths(),
                        item.observations(), limits);
                inputs.add(InfillInput.of(note, GenerateInput.or(item.seed(), Seeds.consecutive(seed, i)), r, limits));
            } catch (BadRequestException refused) {
                throw refused.within(FIELD + "[" + i + "]");
            }
        }
        return new BatchInfillInput(List.copyOf(inputs),
                EnumIds.parse(OutputFormat.class, r.format()).orElse(OutputFormat.JSON));
    }
}
