package dev.mledojo.gym;

import jakarta.enterprise.context.ApplicationScoped;

/** A test-only info type, offered by request_info (and included in 'all') because it is a bean. */
@ApplicationScoped
public class LuckyNumberInfo implements InfoProvider {

    @Override
    public String type() {
        return "lucky_number";
    }

    @Override
    public String provide(EpisodeContext context) {
        return "The lucky number of " + context.task().slug() + " is 7.";
    }
}
