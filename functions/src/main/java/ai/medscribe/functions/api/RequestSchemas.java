package ai.medscribe.functions.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.hibernate.validator.constraints.Range;

import ai.medscribe.functions.api.dto.Bounded;
import ai.medscribe.functions.api.dto.EnumIds;
import ai.medscribe.functions.api.dto.InfillRequest;
import ai.medscribe.functions.api.dto.OneOf;
import ai.medscribe.functions.api.dto.RequestLimits;
import ai.medscribe.functions.service.Limits;
import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The request schemas of the API description ({@code /q/openapi}), generated from the request records
 * ({@link FunctionNames#REQUEST_TYPES}) on every read of the document. SmallRye's annotation scan runs
 * only beside JAX-RS, Spring Web or Vert.x {@code @Route}, and sees no Funqy function, so this filter
 * reads the records itself: each component's JSON type, its {@code @Schema} description, default and
 * choices, its Bean Validation constraints, and the bounds of its {@link Bounded} constraints under the
 * current limits (the loaded model's maximum length included). Unknown fields are refused
 * ({@code additionalProperties: false}). META-INF/openapi.yaml holds the paths, their examples and the
 * answers, and refers to these schemas by name: the record's simple name ({@code InfillNote} for a
 * list item).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class RequestSchemas implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        RequestLimits limits = Arc.container().instance(Limits.class).get().current();
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (Class<?> type : FunctionNames.REQUEST_TYPES.values()) {
            schemas.put(name(type), record(type, limits));
        }
        schemas.put(name(InfillRequest.Item.class), record(InfillRequest.Item.class, limits));
        schemas.forEach(api.getComponents()::addSchema);
    }

    static String name(Class<?> record) {
        var schema = record.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
        return schema != null && !schema.name().isEmpty() ? schema.name() : record.getSimpleName();
    }

    private static Schema record(Class<?> type, RequestLimits limits) {
        Schema schema = OASFactory.createSchema().addType(SchemaType.OBJECT).additionalPropertiesBoolean(false);
        var doc = type.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
        if (doc != null && !doc.description().isEmpty()) {
            schema.setDescription(doc.description());
        }
        for (RecordComponent c : type.getRecordComponents()) {
            Field field = field(type, c);
            Schema property = value(field.getAnnotatedType(), limits);
            var about = field.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
            if (about != null) {
                if (!about.description().isEmpty()) {
                    property.setDescription(about.description());
                }
                if (!about.defaultValue().isEmpty()) {
                    property.setDefaultValue(typed(about.defaultValue(), property));
                }
                if (about.enumeration().length > 0) {
                    property.setEnumeration(new ArrayList<>(Arrays.asList(about.enumeration())));
                }
            }
            if (field.getAnnotation(NotBlank.class) != null || field.getAnnotation(NotNull.class) != null) {
                schema.addRequired(c.getName());
            }
            schema.addProperty(c.getName(), property);
        }
        return schema;
    }

    /** The schema of a value of {@code type}, with the constraints on it. */
    private static Schema value(AnnotatedType type, RequestLimits limits) {
        Class<?> raw = raw(type.getType());
        Schema s = OASFactory.createSchema();
        if (raw == Integer.class) {
            s.addType(SchemaType.INTEGER).setFormat("int32");
        } else if (raw == Long.class) {
            s.addType(SchemaType.INTEGER).setFormat("int64");
        } else if (raw == Double.class) {
            s.addType(SchemaType.NUMBER);
        } else if (raw == Boolean.class) {
            s.addType(SchemaType.BOOLEAN);
        } else if (raw == String.class) {
            s.addType(SchemaType.STRING);
        } else if (Collection.class.isAssignableFrom(raw)) {
            s.addType(SchemaType.ARRAY).setItems(value(argument(type, 0), limits));
        } else if (Map.class.isAssignableFrom(raw)) {
            s.addType(SchemaType.OBJECT).setAdditionalPropertiesSchema(value(argument(type, 1), limits));
        } else if (raw.isRecord()) {
            s.setRef("#/components/schemas/" + name(raw));
            return s;
        }
        for (Annotation a : type.getAnnotations()) {
            constrain(s, a, limits);
        }
        return s;
    }

    private static void constrain(Schema s, Annotation a, RequestLimits limits) {
        if (a instanceof Bounded bounded) {
            Bounded.Bound b = bounded.value();
            switch (b.kind()) {
                case INTEGER -> {
                    s.setMinimum(BigDecimal.valueOf((long) b.min(limits)));
                    s.setMaximum(BigDecimal.valueOf((long) b.max(limits)));
                }
                case POSITIVE -> {
                    s.setExclusiveMinimum(BigDecimal.valueOf(b.min(limits)));
                    s.setMaximum(BigDecimal.valueOf(b.max(limits)));
                }
                case FRACTION -> {
                    s.setMinimum(BigDecimal.valueOf(b.min(limits)));
                    s.setMaximum(BigDecimal.valueOf(b.max(limits)));
                }
                case TEXT -> s.setMaxLength((int) b.max(limits));
                case ITEMS -> {
                    s.setMinItems((int) b.min(limits));
                    s.setMaxItems((int) b.max(limits));
                }
            }
        } else if (a instanceof OneOf oneOf) {
            s.setEnumeration(new ArrayList<>(EnumIds.choices(oneOf.value())));
        } else if (a instanceof Range range) {
            s.setMinimum(BigDecimal.valueOf(range.min()));
            s.setMaximum(BigDecimal.valueOf(range.max()));
        } else if (a instanceof DecimalMin min) {
            if (min.inclusive()) {
                s.setMinimum(new BigDecimal(min.value()));
            } else {
                s.setExclusiveMinimum(new BigDecimal(min.value()));
            }
        } else if (a instanceof DecimalMax max) {
            if (max.inclusive()) {
                s.setMaximum(new BigDecimal(max.value()));
            } else {
                s.setExclusiveMaximum(new BigDecimal(max.value()));
            }
        } else if (a instanceof NotBlank) {
            s.setMinLength(1);
        } else if (a instanceof Size size && s.getType().contains(SchemaType.STRING)) {
            s.setMaxLength(size.max());
        } else if (a instanceof Size size) {
            s.setMinItems(size.min());
            s.setMaxItems(size.max());
        }
    }

    /** A default written in an annotation as the JSON value of the property's type. */
    private static Object typed(String value, Schema property) {
        List<SchemaType> t = property.getType() == null ? List.of() : property.getType();
        if (t.contains(SchemaType.INTEGER)) {
            return Long.parseLong(value);
        }
        if (t.contains(SchemaType.NUMBER)) {
            return new BigDecimal(value);
        }
        if (t.contains(SchemaType.BOOLEAN)) {
            return Boolean.parseBoolean(value);
        }
        return value;
    }

    private static Field field(Class<?> type, RecordComponent c) {
        try {
            // a component's annotations are kept on its field (their targets do not include RECORD_COMPONENT)
            return type.getDeclaredField(c.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(type.getSimpleName() + " has no field " + c.getName(), e);
        }
    }

    private static AnnotatedType argument(AnnotatedType type, int index) {
        AnnotatedType[] args = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments();
        return args[Math.min(index, args.length - 1)];
    }

    private static Class<?> raw(Type type) {
        return (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
    }
}
