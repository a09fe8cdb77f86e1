package ai.medscribe.functions;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;

/**
 * {@code generate}: sample {@code count} notes from scratch with the diffusion model (on a scaffold
 * of headers, or free) or the autoregressive baseline. {@code remask}, {@code strategy},
 * {@code blockLength}, {@code mode}, {@code trace}, {@code threshold}, {@code revise} and
 * {@code slack} are the diffusion sampler's options (see {@link SamplerOptions}); {@code format} is how
 * the note is answered ({@link OutputFormat}: fhir asks for one note without trace).
 */
public record GenerateInput(int steps, double temperature, int maxLength, long seed, int count,
        NoteGenerator.Mode mode, SamplerOptions.Strategy strategy, boolean remask, int blockLength, boolean trace,
        ModelKind model, double threshold, double revise, boolean slack, OutputFormat format) {

    /** A float default as the decimal it is written as (0.9, not 0.899999976158142). */
    static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /** The sampler's default temperature as the decimal it is written as (0.8, not 0.800000011920929). */
    static final double DEFAULT_TEMPERATURE = decimal(SamplerOptions.DEFAULT_TEMPERATURE);

    static final Set<String> FIELDS = Set.of("steps", "temperature", "maxLength", "seed", "count", "mode", "strategy",
            "remask", "blockLength", "trace", "model", "threshold", "revise", "slack", OutputFormat.FIELD);
    static final String[] DIFFUSION_ONLY = {"mode", "strategy", "remask", "blockLength", "trace", "threshold", "revise",
        "slack"};

    static GenerateInput from(JsonNode body, RequestLimits limits) {
        RequestFields f = RequestFields.of(body, FIELDS);
        int maxLength = f.integer("maxLength", 1, limits.maxLength(), limits.maxLength());
        GenerateInput input = new GenerateInput(
                f.integer("steps", 1, maxLength, Math.min(SamplerOptions.DEFAULT_STEPS, maxLength)),
                f.positive("temperature", limits.maxTemperature(), DEFAULT_TEMPERATURE),
                maxLength,
                f.longValue("seed", 0L),
                f.integer("count", 1, limits.maxCount(), 1),
                f.choice("mode", NoteGenerator.Mode.class, NoteGenerator.Mode.SCAFFOLD),
                f.choice("strategy", SamplerOptions.Strategy.class, SamplerOptions.Strategy.CONFIDENCE),
                f.bool("remask", true),
                f.integer("blockLength", 0, maxLength, 0),
                f.bool("trace", false),
                f.choice("model", ModelKind.class, ModelKind.DIFFUSION),
                f.fraction("threshold", 1, decimal(SamplerOptions.DEFAULT_THRESHOLD)),
                f.fraction("revise", 0.99, decimal(SamplerOptions.DEFAULT_REMASK_BELOW)),
                f.bool("slack", true),
                OutputFormat.of(f));
        if (input.format() == OutputFormat.FHIR) {
            // A FHIR document holds one note, and has no place for a denoising trace.
            if (input.count() != 1) {
                throw new BadRequestException("count", "1 with format fhir", "format fhir answers one note as one FHIR "
                        + "document: ask for count 1");
            }
            if (input.trace()) {
                throw new BadRequestException("trace", "false with format fhir", "format fhir has no place for the "
                        + "denoising trace: ask for it with format json");
            }
        }
        if (input.model() == ModelKind.AUTOREGRESSIVE) {
            for (String diffusionOnly : DIFFUSION_ONLY) {
                if (f.has(diffusionOnly)) {
                    throw new BadRequestException(diffusionOnly, "model diffusion", diffusionOnly
                            + " is an option of the diffusion sampler; the autoregressive model writes left to right");
                }
            }
        }
        return input;
    }

    /** The same request with the denoising trace kept or not. */
    GenerateInput withTrace(boolean keep) {
        return new GenerateInput(steps, temperature, maxLength, seed, count, mode, strategy, remask, blockLength, keep,
                model, threshold, revise, slack, format);
    }

    SamplerOptions options() {
        return new SamplerOptions(steps, (float) temperature, seed, strategy, remask, blockLength, trace, (float) threshold,
                (float) revise, slack);
    }
}
