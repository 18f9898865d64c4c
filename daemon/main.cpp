#include "cli/commands.hpp"

int main(int argc, char** argv) { return sellerwatch::cli::Main(argc, argv); }
