package ai.medscribe.functions.api;

import ai.medscribe.functions.api.dto.BenchmarkRequest;
import ai.medscribe.functions.api.dto.DraftRequest;
import ai.medscribe.functions.api.dto.EthicsRequest;
import ai.medscribe.functions.api.dto.GenerateRequest;
import ai.medscribe.functions.api.dto.InfillRequest;

import java.util.Map;
import java.util.Set;

/**
 * The functions' names: the path of each ({@code POST /generate}), its {@code @Funq} name, and its
 * {@code function} tag in the metrics and in the error handler's logs. Constants, so that
 * {@code @Funq} can name them.
 */
public final class FunctionNames {

    public static final String GENERATE = "generate";
    public static final String INFILL = "infill";
    public static final String BENCHMARK = "benchmark";
    public static final String ETHICS_REPORT = "ethics-report";
    public static final String DRAFT = "draft";
    public static final String COMPLETE_UPLOAD = "complete-upload";

    /** Every function's name. */
    public static final Set<String> ALL = Set.of(GENERATE, INFILL, BENCHMARK, ETHICS_REPORT, DRAFT, COMPLETE_UPLOAD);

    /**
     * The request record of each function that takes one: the request gate binds and validates a
     * call's body to it ({@link StrictJson}) before Funqy binds it to the @Funq method's parameter.
     */
    public static final Map<String, Class<?>> REQUEST_TYPES = Map.of(
            GENERATE, GenerateRequest.class,
            INFILL, InfillRequest.class,
            BENCHMARK, BenchmarkRequest.class,
            ETHICS_REPORT, EthicsRequest.class,
            DRAFT, DraftRequest.class);

    /** The CloudEvent type of S3-style notifications, mapped to {@link #COMPLETE_UPLOAD} by @CloudEventMapping. */
    public static final String S3_OBJECT_CREATED = "com.amazonaws.s3.ObjectCreated";
    /** The CloudEvent type of Google Cloud Storage uploads, mapped in application.properties. */
    public static final String GCS_OBJECT_FINALIZED = "google.cloud.storage.object.v1.finalized";

    /** CloudEvent types mapped to a function. */
    public static final Map<String, String> EVENT_TYPES = Map.of(
            S3_OBJECT_CREATED, COMPLETE_UPLOAD,
            GCS_OBJECT_FINALIZED, COMPLETE_UPLOAD);

    private FunctionNames() {
    }
}
