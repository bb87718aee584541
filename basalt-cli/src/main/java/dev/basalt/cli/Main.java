package dev.basalt.cli;

/** Entry point of the basalt command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(0);
  }
}
