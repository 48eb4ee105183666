"""The local stack: the built site, the functions and an embedded DynamoDB on one port."""
