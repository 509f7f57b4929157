package dev.mledojo.gym;

/**
 * Answers one {@code request_info} type ({@code overview}, {@code sample_submission}, ...). Providers are CDI beans
 * found by {@link #type()}: adding an info type is adding a bean.
 */
public interface InfoProvider {

    String type();

    /** The information as text (what the agent reads). */
    String provide(EpisodeContext context);
}
