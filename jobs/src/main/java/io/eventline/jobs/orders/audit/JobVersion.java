package io.eventline.jobs.orders.audit;

/** The job's version for technical events: the job jar manifest's Implementation-Version, else {@value #UNPACKAGED}. */
public final class JobVersion {

    /** Classes not loaded from the packaged jar (IDE, tests against target/classes). */
    public static final String UNPACKAGED = "unpackaged";

    private JobVersion() {}

    public static String of(Class<?> jobClass) {
        String version = jobClass.getPackage() == null ? null : jobClass.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? UNPACKAGED : version;
    }
}
