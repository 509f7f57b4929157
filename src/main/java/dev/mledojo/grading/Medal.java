package dev.mledojo.grading;

/** A Kaggle medal, as MLE-bench awards it from the private leaderboard. */
public enum Medal {
    GOLD, SILVER, BRONZE, NONE;

    public boolean any() {
        return this != NONE;
    }
}
