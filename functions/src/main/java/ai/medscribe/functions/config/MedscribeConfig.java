package ai.medscribe.functions.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import ai.medscribe.functions.api.dto.OutputFormat;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every {@code medscribe.*} setting of the functions and its default, in one place. The properties
 * keep their names ({@code medscribe.trigger.input-prefix} is {@code trigger().inputPrefix()});
 * application.properties maps them to environment variables, and docs/configuration.md describes each.
 */
@ConfigMapping(prefix = "medscribe")
public interface MedscribeConfig {

    Bundles bundles();

    Drafting drafting();

    /** Readiness stays DOWN while TensorFlow sees no GPU. */
    @WithDefault("false")
    boolean requireGpu();

    Limits limits();

    Infill infill();

    Batching batching();

    Store store();

    Trigger trigger();

    Auth auth();

    interface Bundles {
        /** A directory or an {@code s3://bucket/prefix}. */
        @WithDefault("models")
        String location();

        /** How often the location is looked at again; 0: only at start. */
        @WithDefault("30s")
        Duration pollInterval();
    }

    interface Drafting {
        @WithDefault("models/drafting")
        String dir();
    }

    /** Request limits; max-length is the loaded model's once bundles are loaded. */
    interface Limits {
        @WithDefault("128")
        int maxLength();

        @WithDefault("16")
        int maxCount();

        @WithDefault("8000")
        int maxNoteChars();

        @WithDefault("64")
        int maxSamples();

        @WithDefault("8")
        int maxStepCounts();

        @WithDefault("10")
        double maxTemperature();

        @WithDefault("2000")
        int maxBenchmarkPasses();
    }

    interface Infill {
        /** Notes of one list infill, written in one sampler batch. */
        @WithDefault("16")
        int maxNotes();
    }

    interface Batching {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("5ms")
        Duration window();

        @WithDefault("16")
        int maxBatch();

        @WithDefault("64")
        int maxQueue();
    }

    interface Store {
        /** local or s3. */
        @WithDefault("local")
        String type();

        Local local();

        S3 s3();

        interface Local {
            @WithDefault("store")
            String root();
        }

        interface S3 {
            Optional<URI> endpoint();

            @WithDefault("us-east-1")
            String region();

            Optional<String> accessKey();

            Optional<String> secretKey();
        }
    }

    interface Trigger {
        /** The only bucket the trigger reads; empty: any. */
        Optional<String> bucket();

        @WithDefault("incoming/")
        String inputPrefix();

        @WithDefault("completed/")
        String outputPrefix();

        @WithDefault("failed/")
        String deadLetterPrefix();

        @WithDefault("20")
        int steps();

        @WithDefault("0.8")
        double temperature();

        @WithDefault("json")
        OutputFormat format();

        @WithDefault("transcripts/")
        String transcriptPrefix();

        @WithDefault("HPI,ASSESSMENT,PLAN")
        List<String> draftSections();

        @WithDefault("diffusion")
        String draftModel();

        /** Default: the drafter's. */
        Optional<Integer> draftSteps();

        /** Default: the drafter's. */
        Optional<Double> draftThreshold();
    }

    interface Auth {
        @WithDefault("true")
        boolean enabled();

        /** Token subjects allowed to call the upload trigger; empty: any valid token. */
        Optional<List<String>> triggerSubjects();
    }
}
