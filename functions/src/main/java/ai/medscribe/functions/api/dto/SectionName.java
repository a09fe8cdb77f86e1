package ai.medscribe.functions.api.dto;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import ai.medscribe.dialog.MtsHeader;

/** A section name {@link MtsHeader#parse} accepts (HPI, ROS, EXAM, ASSESSMENT, PLAN or an MTS-Dialog header); null passes. */
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = SectionName.Check.class)
public @interface SectionName {

    /** What a section may be named, as the error body's limit gives it. */
    String CHOICES = "HPI|" + Arrays.stream(MtsHeader.values()).map(MtsHeader::csvName).collect(Collectors.joining("|"));

    String message() default "must name a section: HPI or an MTS-Dialog header";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<SectionName, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                MtsHeader.parse(value);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
