"""What tests and bench/ share (tests never import bench/)."""
