package ai.medscribe.training;

import ai.medscribe.LowerCaseId;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The enum-typed options' words: each enum constant is its {@link LowerCaseId#id()}, matched case-insensitively.
 * One class per option type is both Picocli's converter and its completion candidates, so the help
 * lists the words ({@code ${COMPLETION-CANDIDATES}}) and a wrong word exits 2 naming the option and them.
 */
abstract class OptionWords<E extends Enum<E> & LowerCaseId> implements ITypeConverter<E>, Iterable<String> {

    private final String what;
    private final Class<E> type;

    OptionWords(String what, Class<E> type) {
        this.what = what;
        this.type = type;
    }

    List<String> words() {
        return Arrays.stream(type.getEnumConstants()).map(LowerCaseId::id).toList();
    }

    @Override
    public Iterator<String> iterator() {
        return words().iterator();
    }

    @Override
    public E convert(String text) {
        for (E value : type.getEnumConstants()) {
            if (value.id().equalsIgnoreCase(text.strip())) {
                return value;
            }
        }
        throw new TypeConversionException("unknown " + what + " '" + text + "' (expected " + words() + ")");
    }

    /** {@code --model}: diffusion or autoregressive ({@code ar} too). */
    static final class Models extends OptionWords<ModelKind> {
        Models() {
            super("model", ModelKind.class);
        }

        @Override
        public ModelKind convert(String text) {
            return "ar".equalsIgnoreCase(text.strip()) ? ModelKind.AUTOREGRESSIVE : super.convert(text);
        }
    }

    /** {@code --preset}: tiny, small or base. */
    static final class Presets extends OptionWords<Preset> {
        Presets() {
            super("preset", Preset.class);
        }
    }

    /** {@code --splitting}: how the vocabulary splits a text, whitespace or punctuation. */
    static final class Splittings extends OptionWords<Tokenizer.Splitting> {
        Splittings() {
            super("splitting", Tokenizer.Splitting.class);
        }
    }

    /** {@code --style}: the synthetic corpus, seed or coherent. */
    static final class Styles extends OptionWords<SyntheticCorpus.Style> {
        Styles() {
            super("style", SyntheticCorpus.Style.class);
        }
    }

    /** {@code draft-evaluate --long-transcripts}: select or cut. */
    static final class LongTranscriptWords extends OptionWords<DraftEvaluateCommand.LongTranscripts> {
        LongTranscriptWords() {
            super("long-transcript handling", DraftEvaluateCommand.LongTranscripts.class);
        }
    }
}
