from pavilion.accounts import permissions


def test_world_builds_and_is_isolated(world, other_world):
    assert list(permissions.visible_companies(world.operator)) == sorted(
        [world.company, world.other_company], key=lambda c: c.name_en
    )
    assert world.company not in permissions.visible_companies(other_world.operator)
