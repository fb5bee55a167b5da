import { Controller, Get } from '@nestjs/common';
import type { LifeList } from '@wildid/common';
import { CurrentUser } from '../auth/current-user';
import type { SignedInUser } from '../auth/session.service';
import { LifeListStore } from './life-list.store';

@Controller('api/me/species')
export class LifeListController {
  constructor(private readonly store: LifeListStore) {}

  /** Every species the person has, latest seen first. */
  @Get()
  async list(@CurrentUser() user: SignedInUser): Promise<LifeList> {
    return { items: await this.store.species(user.id) };
  }
}
