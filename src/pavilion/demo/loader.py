DEMO_PASSWORD = "pavilion-demo"


def load_demo():
    pass


def demo_logins():
    return []
