package ai.medscribe.functions.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.draft.DraftCanvas;
import ai.medscribe.draft.Drafter;
import ai.medscribe.draft.Support;
import ai.medscribe.draft.TurnSelector;
import ai.medscribe.functions.api.dto.DraftResponse;
import ai.medscribe.functions.bundles.DraftingBundles;
import ai.medscribe.model.ModelKind;

/**
 * Drafts note sections from a transcript with a drafting bundle ({@link DraftingBundles}): each
 * section with the {@link Drafter} (diffusion: up to {@code steps} passes, committing words at
 * {@code threshold}; autoregressive: greedy left to right), then its sentences linked to the
 * transcript turns that support them ({@link Support#link}). A transcript over the model's transcript
 * region (a whole encounter) is drafted section by section from the turns chosen for each
 * ({@link TurnSelector}), and the answer names them; one turn over the region by itself is refused
 * (413, field {@code transcript}, the limit in tokens) before anything is drafted, as no section is
 * drafted from part of a turn.
 * Logs sizes, counts and timings only: never the transcript or the draft.
 */
@ApplicationScoped
public class DraftService {

    private static final Logger LOG = Logger.getLogger(DraftService.class);

    private final DraftingBundles bundles;
    private final TurnSelector selector = TurnSelector.standard();

    public DraftService(DraftingBundles bundles) {
        this.bundles = bundles;
    }

    /** What to draft: validated by the caller (the function's request record, or the upload trigger's settings). */
    public record Command(String transcript, List<MtsHeader> headers, ModelKind model, Drafter.Options options) {
    }

    public DraftResponse draft(Command command) {
        long start = System.nanoTime();
        DraftingBundles.Loaded loaded = bundles.require(command.model());
        int region = loaded.bundle().config().sourceLength();
        var tokenizer = loaded.bundle().tokenizer();
        TurnSelector.Transcript transcript = TurnSelector.Transcript.of(command.transcript(), tokenizer);
        List<TurnSelector.Window> windows = new ArrayList<>();
        for (MtsHeader header : command.headers()) {
            TurnSelector.Window window = selector.select(transcript, header, tokenizer, region);
            if (window.cut()) {
                throw refusal("transcript turn " + (window.from() + 1), window.tokens(), region,
                        ": a section is drafted from whole turns");
            }
            windows.add(window);
        }
        List<DraftResponse.Section> sections = new ArrayList<>();
        int unsupported = 0;
        int selected = 0;
        for (int i = 0; i < windows.size(); i++) {
            MtsHeader header = command.headers().get(i);
            TurnSelector.Window window = windows.get(i);
            Drafter.Draft draft;
            try {
                draft = loaded.drafter().draft(window.text(), header, command.options());
            } catch (DraftCanvas.TooLong tooLong) {
                throw refusal(tooLong);
            }
            selected += window.selected() ? 1 : 0;
            List<DraftResponse.Sentence> sentences = Support.link(draft.text(), command.transcript()).stream()
                    .map(s -> new DraftResponse.Sentence(s.text(), s.turns(), s.supported())).toList();
            int flagged = (int) sentences.stream().filter(s -> !s.supported()).count();
            unsupported += flagged;
            sections.add(new DraftResponse.Section(header.sectionName(), header.csvName(), draft.text(), draft.passes(),
                    Math.round(draft.millis() * 10) / 10.0, true, sentences, flagged,
                    window.selected() ? new DraftResponse.Turns(window.from(), window.to(), window.turns()) : null));
        }
        boolean diffusion = command.model() == ModelKind.DIFFUSION;
        LOG.infof("draft: model %s, transcript %d characters, %d sections (%d from selected turns), %d unsupported "
                + "sentences, %d ms", command.model().id(), command.transcript().length(), sections.size(), selected,
                unsupported, (System.nanoTime() - start) / 1_000_000);
        return new DraftResponse(command.model().id(), loaded.modelHash(), sha256(command.transcript()),
                diffusion ? command.options().steps() : null, diffusion ? command.options().threshold() : null,
                sections);
    }

    /** The 413 of a transcript longer than the model's transcript region, in tokens. */
    static BadRequestException refusal(DraftCanvas.TooLong tooLong) {
        return refusal(tooLong.field(), tooLong.length(), tooLong.limit(), "");
    }

    /** The 413 of {@code what} ({@code transcript}, or one of its turns), {@code length} tokens over the {@code region}. */
    private static BadRequestException refusal(String what, int length, int region, String why) {
        return new BadRequestException(413, "transcript", region + " tokens", what + " is " + length
                + " tokens, more than the model's transcript region of " + region + " tokens" + why);
    }

    /** The SHA-256 of the text's UTF-8 bytes, in lower-case hex. */
    public static String sha256(String text) {
        return sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of the bytes, in lower-case hex. */
    public static String sha256Bytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
