package ai.medscribe.functions.api.dto;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A string naming a constant of the enum {@link #value}, as {@link EnumIds} spells it, in any case
 * and with surrounding blanks ignored ({@code " Scaffold"} is {@code scaffold}). Null passes.
 */
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = OneOf.Check.class)
public @interface OneOf {

    Class<? extends Enum<?>> value();

    String message() default "not one of the choices";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<OneOf, String> {

        private List<String> choices;

        @Override
        public void initialize(OneOf annotation) {
            choices = EnumIds.choices(annotation.value());
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || choices.contains(value.strip().toLowerCase(Locale.ROOT));
        }
    }
}
