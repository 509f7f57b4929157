package dev.mledojo.gym;

/** Renders an action's feedback sections as the text an agent reads; formatters are CDI beans found by name. */
public interface FeedbackFormatter {

    String name();

    String format(String action, ActionOutcome outcome, EpisodeContext context);
}
