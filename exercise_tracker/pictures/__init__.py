"""Pictures of movements and progress: PNGs drawn off screen, once, from stored analyses."""
