package ai.medscribe.functions;

import java.util.function.IntConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import ai.medscribe.functions.web.StreamedStep;

/** Lets a test hold the sampler after a streamed step: {@link #afterStep} is told each step's index once its event is written. */
@ApplicationScoped
public class StepHold {

    static volatile IntConsumer afterStep;

    void onStep(@Observes StreamedStep step) {
        IntConsumer hook = afterStep;
        if (hook != null) {
            hook.accept(step.index());
        }
    }
}
